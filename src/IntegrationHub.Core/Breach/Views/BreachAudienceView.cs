namespace IntegrationHub.Core.Breach;

/// <summary>The counted audience of a dry run, as the API shows it: counts only, keyed by registry, language, channel and protected status.</summary>
public sealed record BreachAudienceView
{
    public required long Citizens { get; init; }
    public required long Records { get; init; }
    public required long UnresolvedCvs { get; init; }
    public required DateTimeOffset CountedAt { get; init; }
    public required IReadOnlyDictionary<string, long> ByRegistry { get; init; }
    public required IReadOnlyDictionary<string, long> ByLanguage { get; init; }
    public required IReadOnlyDictionary<string, long> ByChannel { get; init; }
    public required IReadOnlyDictionary<string, long> ByProtectedStatus { get; init; }

    public static BreachAudienceView From(BreachAudienceSummary a) => new()
    {
        Citizens = a.Citizens,
        Records = a.Records,
        UnresolvedCvs = a.UnresolvedCvs,
        CountedAt = a.CompletedAt,
        ByRegistry = Counts(a.ByRegistry),
        ByLanguage = Counts(a.ByLanguage),
        ByChannel = Counts(a.ByChannel),
        ByProtectedStatus = Counts(a.ByProtectedStatus),
    };

    private static Dictionary<string, long> Counts(IReadOnlyList<BreachCount> counts) => counts.ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);
}
