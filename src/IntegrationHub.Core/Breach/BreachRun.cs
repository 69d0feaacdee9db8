using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>The fan-out's cursor over the audience, one per campaign, updated with its ETag.</summary>
public sealed record BreachRun
{
    public required string CampaignId { get; init; }
    public required string RunId { get; init; }

    /// <summary>The last audience row key put in a page ("" before the first).</summary>
    public required string Cursor { get; init; }
    public required int NextPageNo { get; init; }

    /// <summary>Every audience row is in a page.</summary>
    public required bool Planned { get; init; }
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Since the start or the last resume: the rate limit counts from here.</summary>
    public required DateTimeOffset ActiveSince { get; init; }
    public required long EnqueuedSinceActive { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? ETag { get; init; }
}
