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
    public string? LikelyConsequences { get; init; }
    public string? MeasuresTaken { get; init; }
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
}
