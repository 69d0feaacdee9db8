using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>A campaign as the privacy team reads it (GET /api/breaches/{breachId} and every action's answer); no letter bodies, no citizen ids.</summary>
public sealed record BreachCampaignView
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    [AllowedValues(BreachStatus.Draft, BreachStatus.Approved, BreachStatus.Running, BreachStatus.Paused, BreachStatus.Cancelled, BreachStatus.Completed, BreachStatus.Reported)]
    public required string Status { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
    public required BreachWindow Window { get; init; }
    public required IReadOnlyList<string> DataCategories { get; init; }
    /// <summary>One text for every letter (letters in one language, or a campaign stored before per-language texts); else null.</summary>
    public required string? LikelyConsequences { get; init; }
    public required string? MeasuresTaken { get; init; }

    /// <summary>The text per letter language (ADR 0034 update); null when the campaign has one text.</summary>
    public required IReadOnlyDictionary<string, string>? LikelyConsequencesByLanguage { get; init; }
    public required IReadOnlyDictionary<string, string>? MeasuresTakenByLanguage { get; init; }
    public required BreachSelector Selector { get; init; }
    public required BreachLettersView Letters { get; init; }
    public required BreachChannelPolicy ChannelPolicy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string? ApprovedBy { get; init; }
    public required BreachReportFiled? ReportFiled { get; init; }
    public required BreachAudienceView? Audience { get; init; }
    public required IReadOnlyList<BreachAuditEntry> Audit { get; init; }

    /// <summary>Only once the campaign has been started.</summary>
    public required BreachProgress? Progress { get; init; }

    public static BreachCampaignView From(BreachCampaign c, BreachProgress? progress = null) => new()
    {
        Id = c.Id,
        Title = c.Title,
        Description = c.Description,
        Status = c.Status,
        DetectedAt = c.DetectedAt,
        Window = new BreachWindow(c.WindowFrom, c.WindowTo),
        DataCategories = c.DataCategories,
        LikelyConsequences = c.LikelyConsequences,
        MeasuresTaken = c.MeasuresTaken,
        LikelyConsequencesByLanguage = c.LikelyConsequencesByLanguage,
        MeasuresTakenByLanguage = c.MeasuresTakenByLanguage,
        Selector = c.Selector,
        Letters = new BreachLettersView(c.FallbackLanguage, c.LetterLanguages),
        ChannelPolicy = c.ChannelPolicy,
        CreatedAt = c.CreatedAt,
        ApprovedBy = c.ApprovedBy,
        ReportFiled = c.ReportFiled,
        Audience = c.Audience is { } a ? BreachAudienceView.From(a) : null,
        Audit = [.. c.Audit.Select(x => new BreachAuditEntry(x.Action, x.Actor, x.ActorName, x.At))],
        Progress = progress,
    };
}
