using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Access;

/// <summary>An incident as GET /api/incidents lists it and a lift answers it.</summary>
public sealed record IncidentSummary(
    string Id,
    [property: Description("The account as the access log names it, e.g. employer:acme.")] string Party,
    string ClientId,
    string? UserObjectId,
    [property: Description("The suspended user's display name from their token (name claim).")] string? UserName,
    [property: AllowedValues(IncidentRules.DailyCeiling, IncidentRules.Rolling7Day, IncidentRules.Rolling30Day, IncidentRules.AboveBaseline, IncidentRules.Enumeration)] string Rule,
    DateTimeOffset DetectedAt,
    [property: AllowedValues(IncidentStatus.Suspended, IncidentStatus.Lifted)] string Status,
    string? LiftedBy,
    DateTimeOffset? LiftedAt)
{
    public static IncidentSummary From(Incident i) => new(i.Id, i.Party, i.ClientId, i.UserObjectId, i.UserName, i.Rule, i.DetectedAt, i.Status, i.LiftedBy, i.LiftedAt);
}
