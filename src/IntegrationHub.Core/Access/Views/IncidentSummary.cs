namespace IntegrationHub.Core.Access;

/// <summary>An incident as GET /api/incidents lists it and a lift answers it.</summary>
public sealed record IncidentSummary(
    string Id, string Party, string ClientId, string? UserObjectId, string? UserName, string Rule, DateTimeOffset DetectedAt, string Status, string? LiftedBy, DateTimeOffset? LiftedAt)
{
    public static IncidentSummary From(Incident i) => new(i.Id, i.Party, i.ClientId, i.UserObjectId, i.UserName, i.Rule, i.DetectedAt, i.Status, i.LiftedBy, i.LiftedAt);
}
