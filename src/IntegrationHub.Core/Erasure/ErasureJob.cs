using IntegrationHub.Core.Outbox;

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

public static class ErasureTriggers
{
    public const string Request = "citizen-erasure";
    public const string CvDeletedForGood = "cv-deleted-for-good";
    public const string Inactivity = "inactivity-deletion";

    /// <summary>A citizen event request wrote beside a running erasure and asked for it again (ADR 0040).</summary>
    public const string EventBesideErasure = "event-beside-erasure";
}

/// <summary>The erasure jobs and the tombstones they leave, per registry.</summary>
public interface IErasureStore
{
    Task<ErasureJob?> GetJobAsync(string registry, string key, CancellationToken cancellationToken);

    /// <summary>Adds (no ETag) or replaces (ETag current) the job, with <paramref name="outbound"/> in the same transaction; false when it changed meanwhile.</summary>
    Task<bool> TrySaveJobAsync(ErasureJob job, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken);

    /// <summary>Removes the finished job (its citizen id with it).</summary>
    Task DeleteJobAsync(ErasureJob job, CancellationToken cancellationToken);

    /// <summary>Jobs some hold keeps open, to resume when a hold ends.</summary>
    Task<IReadOnlyList<ErasureJob>> HeldJobsAsync(CancellationToken cancellationToken);

    /// <summary>Records (or moves later) the tombstone: the keyed hash and the erasure time, nothing else.</summary>
    Task RecordTombstoneAsync(string registry, string key, DateTimeOffset erasedAt, CancellationToken cancellationToken);

    /// <summary>When the citizen behind <paramref name="key"/> was last erased, or null.</summary>
    Task<DateTimeOffset?> ErasedAtAsync(string registry, string key, CancellationToken cancellationToken);
}

/// <summary>A queued erasure (resumes what a request did not finish). Names the job by its key only: no citizen id in the queue.</summary>
public sealed record ResumeErasure(string Registry, string Key);

/// <summary>A test seam: called after each step. The default does nothing.</summary>
public class ErasureFaults
{
    public virtual void AfterStep(string step)
    {
    }
}
