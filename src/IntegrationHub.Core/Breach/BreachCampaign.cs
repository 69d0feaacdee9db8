namespace IntegrationHub.Core.Breach;

/// <summary>A breach-notification campaign: the draft as the privacy team wrote it, its state, its dry run and every action on it.</summary>
public sealed record BreachCampaign
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
    public required DateTimeOffset WindowFrom { get; init; }
    public required DateTimeOffset WindowTo { get; init; }
    public required IReadOnlyList<string> DataCategories { get; init; }

    /// <summary>
    /// One likely-consequences text (GDPR art. 33(3)(c)) for every letter: allowed only while the letters are in one
    /// language, and what campaigns stored before per-language texts hold (ADR 0034, update 2026-12-05).
    /// </summary>
    public string? LikelyConsequences { get; init; }

    /// <summary>One measures text (art. 33(3)(d)) for every letter, under the same condition as <see cref="LikelyConsequences"/>.</summary>
    public string? MeasuresTaken { get; init; }

    /// <summary>The likely consequences per letter language: each letter says its own language's (art. 34(2) "clear and plain language").</summary>
    public IReadOnlyDictionary<string, string>? LikelyConsequencesByLanguage { get; init; }

    /// <summary>The measures taken or proposed per letter language.</summary>
    public IReadOnlyDictionary<string, string>? MeasuresTakenByLanguage { get; init; }
    public required BreachSelector Selector { get; init; }
    public required string FallbackLanguage { get; init; }

    /// <summary>The languages that have a letter (the letters are stored apart, one row each).</summary>
    public required IReadOnlyList<string> LetterLanguages { get; init; }
    public required BreachChannelPolicy ChannelPolicy { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IReadOnlyList<BreachAction> Audit { get; init; }
    public BreachAudienceSummary? Audience { get; init; }
    public string? ApprovedBy { get; init; }

    /// <summary>Set by report-filed: the authority's reference and when it was filed.</summary>
    public BreachReportFiled? ReportFiled { get; init; }

    public string? ETag { get; init; }

    /// <summary>What a letter in <paramref name="language"/> says for {{consequences}}: its language's text, else the one text.</summary>
    public string? ConsequencesIn(string language) => LikelyConsequencesByLanguage is { } texts ? texts.GetValueOrDefault(language) : LikelyConsequences;

    /// <summary>What a letter in <paramref name="language"/> says for {{measures}}.</summary>
    public string? MeasuresIn(string language) => MeasuresTakenByLanguage is { } texts ? texts.GetValueOrDefault(language) : MeasuresTaken;
}
