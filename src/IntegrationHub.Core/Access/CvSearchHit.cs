namespace IntegrationHub.Core.Access;

/// <summary>
/// A search hit: what the index holds, never personal details. An index row also carries the check a reader needs
/// (ADR 0045): the <paramref name="Sequence"/> of the decision it was written for, the consent's
/// <paramref name="Sections"/> then (null or empty: every section), and <paramref name="Verified"/>, set only after its
/// writer found that decision still in force with no narrowing fenced since; a reader serves a verified row as it is and
/// checks any other against the decision in force.
/// </summary>
public sealed record CvSearchHit(
    string Registry,
    string CitizenId,
    string CvId,
    string Presentation,
    DateTimeOffset LastActivity,
    IReadOnlyList<string> Occupations,
    IReadOnlyList<string> Municipalities,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string>? Sections = null,
    long Sequence = 0,
    bool Verified = false);
