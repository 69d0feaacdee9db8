using System.Globalization;
using IntegrationHub.StandIns;

// ./hub up starts this next to the dev host: NAV's, Jobnet's and Finn.no's stand-ins on one loopback port, so an ad
// posted locally reaches a final state on every push board without any account (EURES pulls from the hub itself).
// local.settings.example.json points the hub here. Usage: IntegrationHub.StandIns [--port 7081] [--decision-seconds 3]
var port = 7081;
var decision = TimeSpan.FromSeconds(3);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--decision-seconds":
            decision = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
            break;
        default:
            Console.Error.WriteLine($"unknown option '{args[i]}'; usage: IntegrationHub.StandIns [--port 7081] [--decision-seconds 3]");
            return 2;
    }
}

await using var boards = await BoardStandIns.StartAsync(port);
foreach (var board in boards.Boards.Values)
{
    board.DecisionDelay = decision;
}
Console.WriteLine($"[stand-ins] NAV, Jobnet and Finn.no on {boards.BaseAddress} (decisions after {decision.TotalSeconds:0.#} s); Ctrl+C stops them");
await boards.WaitForShutdownAsync(); // Ctrl+C or SIGTERM (the host's console lifetime)
return 0;
