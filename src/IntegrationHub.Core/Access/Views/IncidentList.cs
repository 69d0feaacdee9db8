namespace IntegrationHub.Core.Access;

/// <summary>GET /api/incidents: every incident.</summary>
public sealed record IncidentList(IReadOnlyList<IncidentSummary> Items);
