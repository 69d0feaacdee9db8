using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Functions.Health;

/// <summary>GET /api/health: the hub's state, and each storage service's (tables, blobs, queues, searchIndex), each healthy or unhealthy.</summary>
public sealed record HealthReport(
    [property: AllowedValues(HealthReport.Healthy, HealthReport.Unhealthy)] string Status,
    [property: AllowedValues(HealthReport.Healthy, HealthReport.Unhealthy)] IReadOnlyDictionary<string, string> Checks)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
}
