using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Storage.Visibility;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// The hub's state store with a pause point before a write: a test arms it for the next write that matches, and its
/// action runs there once (an erasure beside a decision, a process killed before the write). No timing is involved.
/// </summary>
public sealed class StateWriteSeam(TableVisibilityStateStore states) : IVisibilityStateStore
{
    private (Func<VisibilityState, VisibilityState?, bool> When, Func<VisibilityState, Task> Run)? _armed;

    /// <summary>True until the armed action has run.</summary>
    public bool Armed => _armed is not null;

    /// <summary>Runs <paramref name="run"/> once, just before the next write of a state that <paramref name="when"/> picks (new state, previous).</summary>
    public void BeforeNextWrite(Func<VisibilityState, VisibilityState?, bool> when, Func<VisibilityState, Task> run) => _armed = (when, run);

    public Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        states.GetAsync(registry, citizenId, cancellationToken);

    public Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        states.HistoryAsync(registry, citizenId, cancellationToken);

    public async Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken)
    {
        if (_armed is { } armed && armed.When(state, previous))
        {
            _armed = null;
            await armed.Run(state);
        }
        return await states.TryWriteAsync(state, previous, outbound, cancellationToken);
    }

    public Task EraseCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        states.EraseCitizenAsync(registry, citizenId, cancellationToken);
}
