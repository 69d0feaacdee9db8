using IntegrationHub.Core.Visibility;

namespace IntegrationHub.Core.Erasure;

/// <summary>
/// Erasure's answer to Visibility's <see cref="IErasureBesideDecision"/>: one tombstone read after a first decision's
/// insert, and the erasure run again when it covers the decision's CV (ADR 0040). The erasure is resolved when needed:
/// it uses <see cref="VisibilityService"/>, which asks this, so taking it at construction would be a cycle.
/// </summary>
public sealed class ErasureBesideDecision(IErasureStore store, TombstoneKeys keys, Lazy<CitizenErasure> erasure) : IErasureBesideDecision
{
    public async Task<bool> EraseAgainIfBesideAsync(string registry, string citizenId, DateTimeOffset cvUpdatedAt, CancellationToken cancellationToken)
    {
        if (await store.ErasedAtAsync(registry, keys.For(registry, citizenId), cancellationToken) is not { } erasedAt || erasedAt < cvUpdatedAt)
        {
            return false;
        }
        await erasure.Value.EraseAgainAsync(registry, citizenId, ErasureTriggers.DecisionBesideErasure, cancellationToken);
        return true;
    }
}
