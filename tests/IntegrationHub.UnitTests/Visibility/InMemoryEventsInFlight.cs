using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Visibility;

/// <summary>The ledger's marks of requests in flight, versioned as the table's ETags are (a stale version clears nothing).</summary>
internal sealed class InMemoryEventsInFlight(TimeProvider clock) : IEventsInFlight
{
    private int _version;

    public Dictionary<(string Registry, string CitizenId), EventsInFlight> Marks { get; } = [];

    public Task<string> MarkAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var mark = new EventsInFlight(registry, citizenId, clock.GetUtcNow(), "v" + ++_version);
        Marks[(registry, citizenId)] = mark;
        return Task.FromResult(mark.Version);
    }

    public Task ClearAsync(string registry, string citizenId, string version, CancellationToken cancellationToken)
    {
        if (Marks.TryGetValue((registry, citizenId), out var mark) && mark.Version == version)
        {
            Marks.Remove((registry, citizenId));
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EventsInFlight>> LeftBeforeAsync(string registry, DateTimeOffset before, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EventsInFlight>>([.. Marks.Values.Where(m => m.Registry == registry && m.Since < before).OrderBy(m => m.CitizenId, StringComparer.Ordinal).Take(take)]);
}
