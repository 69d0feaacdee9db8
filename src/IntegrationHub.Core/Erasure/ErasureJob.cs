namespace IntegrationHub.Core.Erasure;

/// <summary>
/// One citizen's erasure in progress: the steps done so far (each idempotent, so a crash repeats at most the step it
/// was in), the CVs found at the start (their rows go in the first steps, yet later steps still need their ids), and
/// the holds that keep rows. The row goes when every step is done and no hold is left.
/// </summary>
public sealed record ErasureJob
{
    public required string Registry { get; init; }

    /// <summary>The keyed hash of registry and citizen (<see cref="TombstoneKeys"/>): the job's and the tombstone's key.</summary>
    public required string Key { get; init; }

    /// <summary>Needed to resume; erased with the job row.</summary>
    public required string CitizenId { get; init; }

    /// <summary>The moment of erasure: events about the citizen at or before it are refused afterwards.</summary>
    public required DateTimeOffset ErasedAt { get; init; }

    /// <summary>What started it: <see cref="ErasureTriggers"/>.</summary>
    public required string Trigger { get; init; }

    public IReadOnlyList<string> CvIds { get; init; } = [];

    public IReadOnlyList<string> Done { get; init; } = [];

    /// <summary>The holds found by the last run ("incident:{id}", "breach-campaign:{id}"); empty when nothing is held.</summary>
    public IReadOnlyList<string> Holds { get; init; } = [];

    public string? ETag { get; init; }
}
