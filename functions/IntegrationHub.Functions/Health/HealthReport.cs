using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Functions.Health;

/// <summary>GET /api/health: the hub's state, and each storage service's (tables, blobs, queues, searchIndex).</summary>
public sealed record HealthReport(
    [property: AllowedValues(HealthReport.Healthy, HealthReport.Unhealthy)] string Status,
    IReadOnlyDictionary<string, string> Checks)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
}
