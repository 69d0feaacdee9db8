using IntegrationHub.Core.Visibility;

namespace IntegrationHub.Core.Erasure;

/// <summary>Erasure's answer to Visibility's <see cref="IInactiveCitizenErasure"/>: the citizen's erasure, recorded as the inactivity deletion's.</summary>
public sealed class InactiveCitizenErasure(CitizenErasure erasure) : IInactiveCitizenErasure
{
    public Task EraseInactiveAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        erasure.EraseAsync(registry, citizenId, ErasureTriggers.Inactivity, cancellationToken);
}
