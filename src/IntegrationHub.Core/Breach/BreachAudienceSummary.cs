namespace IntegrationHub.Core.Breach;

/// <summary>The result of a dry run: the audience, counted, with nothing sent.</summary>
public sealed record BreachAudienceSummary
{
    /// <summary>The audience rows of this run (storage keeps them for the fan-out).</summary>
    public required string RunId { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>Distinct citizens affected (a citizen reached through several CVs or reads counts once).</summary>
    public required long Citizens { get; init; }

    /// <summary>The records the selector found: access-log reads, exposure matches, or list entries.</summary>
    public required long Records { get; init; }

    /// <summary>Distinct CVs in the access log that no longer map to a citizen (deleted since): the registry must resolve them.</summary>
    public required long UnresolvedCvs { get; init; }

    public required IReadOnlyList<BreachCount> ByRegistry { get; init; }
    public required IReadOnlyList<BreachCount> ByLanguage { get; init; }
    public required IReadOnlyList<BreachCount> ByChannel { get; init; }

    /// <summary>protected, not-protected, unknown (no visibility state: treated as protected).</summary>
    public required IReadOnlyList<BreachCount> ByProtectedStatus { get; init; }
}
