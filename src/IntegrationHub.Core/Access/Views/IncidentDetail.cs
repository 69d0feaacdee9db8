namespace IntegrationHub.Core.Access;

/// <summary>GET /api/incidents/{incidentId}: the incident, and exactly what the account received in its window.</summary>
public sealed record IncidentDetail
{
    public required IncidentSummary Incident { get; init; }
    public required string Detail { get; init; }
    public required IncidentWindow Window { get; init; }
    public required string? LiftReason { get; init; }
    public required int ReceivedCvCount { get; init; }
    public required int ReceivedRecordCount { get; init; }
    public required IReadOnlyList<ReceivedCv> Received { get; init; }
}
