using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Erasure;

/// <summary>Erasure's answer to Visibility's <see cref="IEventBesideErasure"/>: the citizen's erasure run again, recorded as asked for by an event beside it.</summary>
public sealed class EventBesideErasure(CitizenErasure erasure) : IEventBesideErasure
{
    public Task EraseAgainAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        erasure.EraseAgainAsync(registry, citizenId, ErasureTriggers.EventBesideErasure, cancellationToken);
}
