using IntegrationHub.Functions.Hosting;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Cvs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Health;

/// <summary>GET /api/health: the hub and its storage, healthy or not. Anonymous; says nothing about data.</summary>
public sealed class HealthFunction(HubStorage storage)
{
    [Function("Health")]
    [AllowAnonymousCaller]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var checks = new Dictionary<string, string>
        {
            ["tables"] = await Check(() => storage.Table(CvsTables.CvsTable).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: timeout.Token)),
            ["blobs"] = await Check(() => storage.Container(CvsTables.CvContainer).ExistsAsync(timeout.Token)),
            ["queues"] = await Check(() => storage.Queue(IntegrationHub.Core.Cvs.CvsQueues.CvChanges).ExistsAsync(timeout.Token)),
            // The search index's account (ADR 0013); the hub's own when "SearchStorage" is not set.
            ["searchIndex"] = await Check(() => storage.Table(AccessTables.CvSearchManifestTable).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: timeout.Token)),
        };
        var healthy = checks.Values.All(v => v == "healthy");
        return new ObjectResult(new { status = healthy ? "healthy" : "unhealthy", checks })
        {
            StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
        };
    }

    private static async Task<string> Check<T>(Func<Task<T>> probe)
    {
        try
        {
            await probe();
            return "healthy";
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            return "unhealthy";
        }
    }
}
