namespace IntegrationHub.Core.Breach;

/// <summary>GET /api/breaches: every campaign, newest first.</summary>
public sealed record BreachList(IReadOnlyList<BreachSummary> Items);
