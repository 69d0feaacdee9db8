using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

public interface IVisibilityStateStore
{
    /// <summary>The served history, oldest first.</summary>
    Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken);

    Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken);

    /// <summary>
    /// Erasure: removes the citizen's state, served history and exposure rows; idempotent. Unpublished outbox rows stay
    /// for the relay (they are notices on their way, such as the registry's own deletion notice) and go once published.
    /// </summary>
    Task EraseCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not erase.");

    /// <summary>
    /// Only what employers may know of the decision in force (<see cref="EmployerViewNow"/>): the check every search hit
    /// passes, so a store may read just those columns.
    /// </summary>
    async Task<EmployerViewNow?> GetEmployerViewAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        EmployerViewNow.Of(await GetAsync(registry, citizenId, cancellationToken));

    /// <summary>
    /// The states of several citizens of one registry (absent: no state), in one batched read where the store can (the
    /// breach fan-out re-checks a page of 200 citizens' protected address at send time).
    /// </summary>
    async Task<IReadOnlyDictionary<string, VisibilityState>> GetManyAsync(string registry, IReadOnlyCollection<string> citizenIds, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, VisibilityState>(StringComparer.Ordinal);
        foreach (var citizenId in citizenIds.Distinct(StringComparer.Ordinal))
        {
            if (await GetAsync(registry, citizenId, cancellationToken) is { } state)
            {
                states[citizenId] = state;
            }
        }
        return states;
    }

    /// <summary>
    /// Writes the state if <paramref name="previous"/> is still current (or absent when null), and in the same
    /// transaction a history interval when what is served changes, the exposure index when
    /// <see cref="VisibilityState.ExposedSince"/> changes, and the <paramref name="outbound"/> events to the outbox.
    /// False when <paramref name="previous"/> is stale (nothing is written).
    /// </summary>
    Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken);
}
