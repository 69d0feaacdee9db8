using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace IntegrationHub.Functions.Hosting;

/// <summary>Runs <see cref="HubAuthorizer"/> before every HTTP function in the Functions host (the dev host calls it directly).</summary>
public sealed class HubAuthorizationMiddleware(HubAuthorizer authorizer, HubFunctionCatalog catalog) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        if (http is null)
        {
            await next(context);
            return;
        }
        var function = catalog.FindByEntryPoint(context.FunctionDefinition.EntryPoint)
            ?? throw new InvalidOperationException($"Function '{context.FunctionDefinition.Name}' is not in the hub's catalog.");
        if (await authorizer.AuthorizeAsync(http, function))
        {
            await next(context);
        }
    }
}
