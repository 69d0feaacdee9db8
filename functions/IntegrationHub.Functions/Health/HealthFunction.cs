using IntegrationHub.Functions.Docs;
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
    [ApiOperation("Hub", "The hub and its storage, healthy or not.")]
    [ApiResponse(200, "Healthy.", Type = typeof(HealthReport), Name = "Health")]
    [ApiResponse(503, "A storage service does not answer.", Type = typeof(HealthReport), Name = "Health")]
    [Function("Health")]
    [AllowAnonymousCaller]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        // The probes run side by side: the answer takes one storage round trip, not four, and a slow service does not
        // eat the others' share of the 5 s.
        var tables = Check(() => storage.Table(CvsTables.CvsTable).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: timeout.Token));
        var blobs = Check(() => storage.Container(CvsTables.CvContainer).ExistsAsync(timeout.Token));
        var queues = Check(() => storage.Queue(IntegrationHub.Core.Cvs.CvsQueues.CvChanges).ExistsAsync(timeout.Token));
        // The search index's account (ADR 0013); the hub's own when "SearchStorage" is not set.
        var searchIndex = Check(() => storage.Table(AccessTables.CvSearchManifestTable).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: timeout.Token));
        var checks = new Dictionary<string, string>
        {
            ["tables"] = await tables,
            ["blobs"] = await blobs,
            ["queues"] = await queues,
            ["searchIndex"] = await searchIndex,
        };
        var healthy = checks.Values.All(v => v == "healthy");
        return new ObjectResult(new HealthReport(healthy ? HealthReport.Healthy : HealthReport.Unhealthy, checks))
        {
            StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
        };
    }

    private static async Task<string> Check<T>(Func<Task<T>> probe)
    {
        try
        {
            await probe();
            return HealthReport.Healthy;
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            return HealthReport.Unhealthy;
        }
    }
}
