using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace IntegrationHub.DevHost;

/// <summary>Serves every HTTP-triggered function on Kestrel under the route prefix, with its route and methods.</summary>
internal static partial class HttpFunctionEndpoints
{
    /// <summary>
    /// One empty descriptor for every result: the results the functions return do not read it, and a new one per request
    /// formats a GUID for its id (about 1% of the intake bench's request CPU, issue 18).
    /// </summary>
    private static readonly ActionDescriptor NoAction = new();

    public static void Map(WebApplication app, HubFunctionCatalog catalog, string routePrefix)
    {
        foreach (var function in catalog.Functions.Where(f => f.Trigger == TriggerKind.Http))
        {
            FunctionInvoker.EnsureBindable(function, p =>
                p.ParameterType == typeof(HttpRequest) || p.ParameterType == typeof(CancellationToken)
                || p.ParameterType == typeof(string) || p.ParameterType.IsValueType);
            var pattern = "/" + (string.IsNullOrEmpty(routePrefix) ? "" : routePrefix.Trim('/') + "/") + function.Route!.TrimStart('/');
            var endpoint = function.HttpMethods.Count == 0
                ? app.Map(pattern, context => InvokeAsync(context, function))
                : app.MapMethods(pattern, function.HttpMethods, context => InvokeAsync(context, function));
            endpoint.WithDisplayName(function.Name);
        }
    }

    private static async Task InvokeAsync(HttpContext context, HubFunction function)
    {
        var services = context.RequestServices;
        var authorizer = services.GetRequiredService<HubAuthorizer>();
        if (!await authorizer.AuthorizeAsync(context, function))
        {
            return;
        }
        object? result;
        try
        {
            result = await FunctionInvoker.InvokeAsync(services, function, parameter =>
                parameter.ParameterType == typeof(HttpRequest) ? context.Request
                : parameter.ParameterType == typeof(CancellationToken) ? context.RequestAborted
                : FunctionInvoker.ConvertRouteValue(context.GetRouteValue(parameter.Name!), parameter.ParameterType));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            LogFailure(services.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub.DevHost.Http"), function.Name, e.GetType().Name, e);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await Problems.WriteAsync(context, Problems.Create(StatusCodes.Status500InternalServerError, "internal-error", "The function failed.",
                    $"Quote the request's trace id {context.TraceIdentifier} when reporting this."));
            }
            return;
        }
        switch (result)
        {
            case IActionResult actionResult:
                await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), NoAction));
                break;
            case IResult httpResult:
                await httpResult.ExecuteAsync(context);
                break;
            case null:
                break;
            default:
                await context.Response.WriteAsJsonAsync(result, result.GetType(), context.RequestAborted);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP function {Function} failed with {ExceptionType}")]
    private static partial void LogFailure(ILogger logger, string function, string exceptionType, Exception exception);
}
