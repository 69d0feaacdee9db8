using Azure;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Storage.Erasure;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// The hub's erasure store with a fault point in a page's look for erasures beside its first decisions
/// (<see cref="IErasureStore.ErasedSinceAsync"/>, ADR 0040): a test arms it, and the next look fails as a storage
/// outage fails it (a 503), so the page throws and its queue delivers it again. Everything else passes through.
/// </summary>
public sealed class TombstoneLookSeam(TableErasureStore store) : IErasureStore
{
    private int _failNext;

    /// <summary>Looks failed so far.</summary>
    public int Failed { get; private set; }

    /// <summary>The next look fails once.</summary>
    public void FailNextLook() => Interlocked.Exchange(ref _failNext, 1);

    public Task<TombstoneMarks> ErasedSinceAsync(string registry, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _failNext, 0) == 1)
        {
            Failed++;
            throw new RequestFailedException(503, "injected: the tombstone look failed");
        }
        return store.ErasedSinceAsync(registry, since, cancellationToken);
    }

    public Task<ErasureJob?> GetJobAsync(string registry, string key, CancellationToken cancellationToken) => store.GetJobAsync(registry, key, cancellationToken);

    public Task<bool> TrySaveJobAsync(ErasureJob job, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken) =>
        store.TrySaveJobAsync(job, outbound, cancellationToken);

    public Task DeleteJobAsync(ErasureJob job, CancellationToken cancellationToken) => store.DeleteJobAsync(job, cancellationToken);

    public Task<IReadOnlyList<ErasureJob>> HeldJobsAsync(CancellationToken cancellationToken) => store.HeldJobsAsync(cancellationToken);

    public Task RecordTombstoneAsync(string registry, string key, DateTimeOffset erasedAt, CancellationToken cancellationToken) =>
        store.RecordTombstoneAsync(registry, key, erasedAt, cancellationToken);

    public Task<DateTimeOffset?> ErasedAtAsync(string registry, string key, CancellationToken cancellationToken) => store.ErasedAtAsync(registry, key, cancellationToken);
}
