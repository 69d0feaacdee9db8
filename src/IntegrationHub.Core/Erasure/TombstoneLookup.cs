using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Erasure;

/// <summary>Erasure's answer to Visibility's <see cref="IErasedAtLookup"/>: the tombstone's time, found by the keyed hash (ADR 0022, 0037).</summary>
public sealed class TombstoneLookup(IErasureStore store, TombstoneKeys keys) : IErasedAtLookup
{
    public Task<DateTimeOffset?> ErasedAtAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        store.ErasedAtAsync(registry, keys.For(registry, citizenId), cancellationToken);
}
