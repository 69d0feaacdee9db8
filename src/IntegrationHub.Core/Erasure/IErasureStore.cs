using IntegrationHub.Core.Outbox;

namespace IntegrationHub.Core.Erasure;

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

    /// <summary>
    /// Records (or moves later) the tombstone: the keyed hash and the erasure time, nothing else; in the same write, its
    /// mark under the erasure time (<see cref="ErasedSinceAsync"/>). Recording the same time again writes the mark again.
    /// </summary>
    Task RecordTombstoneAsync(string registry, string key, DateTimeOffset erasedAt, CancellationToken cancellationToken);

    /// <summary>When the citizen behind <paramref name="key"/> was last erased, or null.</summary>
    Task<DateTimeOffset?> ErasedAtAsync(string registry, string key, CancellationToken cancellationToken);

    /// <summary>
    /// The tombstones recorded with an erasure time at or after <paramref name="since"/>, from their time-keyed marks: one
    /// range query of the registry's partition, however many citizens are asked about (ADR 0040, a page of first
    /// decisions). The same query tells since when every tombstone has a mark (<see cref="TombstoneMarks.MarkedSince"/>).
    /// </summary>
    Task<TombstoneMarks> ErasedSinceAsync(string registry, DateTimeOffset since, CancellationToken cancellationToken);
}
