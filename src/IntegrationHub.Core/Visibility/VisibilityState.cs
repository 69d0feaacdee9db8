using System.Text.Json.Serialization;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>The decision in force for one citizen's CV, with the facts it was made from. One per citizen of a registry.</summary>
public sealed record VisibilityState
{
    public required string Registry { get; init; }
    public required string CitizenId { get; init; }

    /// <summary>Null until the citizen's CV has arrived (events are kept and apply when it does).</summary>
    public CvInForce? Cv { get; init; }

    /// <summary>
    /// The last commit of <see cref="Cv"/> (<c>StoredCv.UpdatedAt</c>) as the decision that brought it read it; null when
    /// unknown (states written before it was kept). A page of CV changes delivered again after its first decisions were
    /// inserted finds the CV gone and no CV row to tell the commit from: this tells it, so the page's look for an erasure
    /// beside that first decision still runs (ADR 0040).
    /// </summary>
    public DateTimeOffset? CvCommittedAt { get; init; }

    public required VisibilityDecision Decision { get; init; }
    public required CitizenFacts Facts { get; init; }

    /// <summary>When the hub made this decision and began serving by it.</summary>
    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>Since when (hub time) employers have been able to see <see cref="Cv"/> without a break; null while they cannot.</summary>
    public DateTimeOffset? ExposedSince { get; init; }

    /// <summary>
    /// Each fact the citizen's events add up to, with the event it came from (latest event time per fact); null in states
    /// written before it was kept. Stored as "folded", its name before issue 20 item 4, so rows already written read.
    /// </summary>
    [JsonPropertyName("folded")]
    public IReadOnlyDictionary<CitizenFact, FactOrigin>? FactOrigins { get; init; }

    /// <summary>Whether the CV may go to job boards, and which sections (null while there is no CV).</summary>
    public BoardSharing? Boards { get; init; }

    /// <summary>The sections the citizen's consent to employers covers; null: every section the presentation allows.</summary>
    public IReadOnlyList<string>? EmployerSections { get; init; }

    /// <summary>What the inactivity sweep has done for the current last activity (jurisdictions with a timetable only).</summary>
    public InactivityProgress? Inactivity { get; init; }

    /// <summary>Rises by one with every write of this citizen's state; orders the outbound events per citizen.</summary>
    public long Sequence { get; init; }

    /// <summary>The store's concurrency token.</summary>
    public string? ETag { get; init; }
}
