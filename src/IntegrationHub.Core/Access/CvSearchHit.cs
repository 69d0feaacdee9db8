namespace IntegrationHub.Core.Access;

/// <summary>A search hit: what the index holds, never personal details.</summary>
public sealed record CvSearchHit(
    string Registry,
    string CitizenId,
    string CvId,
    string Presentation,
    DateTimeOffset LastActivity,
    IReadOnlyList<string> Occupations,
    IReadOnlyList<string> Municipalities,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Skills);
