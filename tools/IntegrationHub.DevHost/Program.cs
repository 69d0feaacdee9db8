using IntegrationHub.DevHost;
using IntegrationHub.Functions.Hosting;

switch (args.FirstOrDefault())
{
    case "token":
        return DevTokenCommand.Run(args[1..], Console.Out, Console.Error);
    case "demo":
        return await IntegrationHub.DevHost.Demo.DemoCommand.RunAsync(args[1..], Console.Out, Console.Error);
    case "devkey":
        // Creates the dev issuer's key (if missing) at the path given.
        DevIssuer.Load(Path.GetFullPath(args.Length > 1 ? args[1] : ".hub/dev-issuer.pem"), create: true);
        return 0;
}

var app = DevHostApp.Build(args);
await app.RunAsync();
return 0;
