using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>A page's record: queued by the planner, done (with its counts) when every citizen in it is final.</summary>
public sealed record PageRecord
{
    public required int PageNo { get; init; }
    public required string After { get; init; }
    public required string Last { get; init; }
    public required int Count { get; init; }
    public required bool Done { get; init; }
    public required DateTimeOffset EnqueuedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public long Delivered { get; init; }
    public long Failed { get; init; }
    public IReadOnlyList<BreachCount> ByChannel { get; init; } = [];
    public IReadOnlyList<BreachCount> ByLanguage { get; init; } = [];

    /// <summary>
    /// The planner sent this page again (stale, after a resume, or cut again where a crashed look had recorded it): an
    /// earlier message of the page may have written ledger rows, so the page handler reads the ledger before it posts
    /// (ADR 0058). A first message's handler does not. A row stored before this flag existed reads as true.
    /// </summary>
    public bool Resent { get; init; }
}
