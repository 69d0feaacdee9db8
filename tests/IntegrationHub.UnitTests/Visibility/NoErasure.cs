using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Visibility;

/// <summary>Erasure's answers to Visibility when no citizen was ever erased: no tombstone, nothing to erase again.</summary>
internal sealed class NoErasure : IErasureBesideDecision, IErasedAtLookup, IEventBesideErasure
{
    public Task<bool> EraseAgainIfBesideAsync(string registry, string citizenId, DateTimeOffset cvUpdatedAt, CancellationToken cancellationToken) =>
        Task.FromResult(false);

    public Task<IReadOnlyList<FirstDecision>> EraseAgainIfBesideAsync(string registry, IReadOnlyCollection<FirstDecision> decisions, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FirstDecision>>([]);

    public Task<DateTimeOffset?> ErasedAtAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(null);

    public Task EraseAgainAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Nobody was erased.");
}
