using Azure.Data.Tables;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Visibility;

namespace IntegrationHub.IntegrationTests.Visibility;

/// <summary>
/// The breach fan-out's re-check of a page of citizens (<see cref="TableVisibilityStateStore.GetManyAsync"/>) on Azurite,
/// requests counted: neighbours cost one query; a page spread over a registry reads a bounded part of the range and the
/// rest by point reads, never the whole registry between its first and last citizen.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StateReadManyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private HubStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TestStorage.CreateAsync(azurite, countRequests: true);

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GetMany_NeighboursInTheRegistry_OneQuery()
    {
        // Arrange: three citizens with states next to each other, and one asked for that has none.
        var store = new TableVisibilityStateStore(_storage);
        foreach (var id in new[] { "n-1", "n-2", "n-3" })
        {
            Assert.True(await store.TryWriteAsync(State(id, protectedAddress: id == "n-2"), null, [], CancellationToken.None));
        }
        var before = _storage.Requests!.All.Snapshot();

        // Act
        var states = await store.GetManyAsync("nav", ["n-1", "n-2", "n-3", "n-4"], CancellationToken.None);

        // Assert
        var made = _storage.Requests.All.Snapshot() - before;
        Assert.Equal(["n-1", "n-2", "n-3"], states.Keys.Order(StringComparer.Ordinal));
        Assert.True(states["n-2"].Facts.ProtectedAddress);
        Assert.False(states["n-1"].Facts.ProtectedAddress);
        Assert.Equal(1, made.Table);
        Assert.Equal(1, made.Calls.GetValueOrDefault("Table GET Visibility (query)"));
    }

    [Fact]
    public async Task GetMany_CitizensSpreadOverARegistry_ReadsABoundedPartOfTheRangeThenPointReads()
    {
        // Arrange: 2,600 rows of other citizens between the first citizen asked for and the others (more than the query
        // pages the read may take), states for "a-first", "z-mid" and "z-last", none for "z-none".
        var store = new TableVisibilityStateStore(_storage);
        foreach (var id in new[] { "a-first", "z-mid", "z-last" })
        {
            Assert.True(await store.TryWriteAsync(State(id, protectedAddress: id == "z-last"), null, [], CancellationToken.None));
        }
        var table = _storage.Table(VisibilityTables.VisibilityTable);
        await Parallel.ForEachAsync(Enumerable.Range(0, 26), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
            await table.SubmitTransactionAsync(Enumerable.Range(batch * 100, 100).Select(i =>
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("nav", $"m-{i:D5}") { ["Filler"] = true })), ct));
        var before = _storage.Requests!.All.Snapshot();

        // Act
        var states = await store.GetManyAsync("nav", ["a-first", "z-mid", "z-none", "z-last"], CancellationToken.None);

        // Assert: every state asked for that exists, read by at most the allowed query pages and one point read per
        // citizen beyond them; the 2,600 rows are not all read.
        var made = _storage.Requests.All.Snapshot() - before;
        Assert.Equal(["a-first", "z-last", "z-mid"], states.Keys.Order(StringComparer.Ordinal));
        Assert.True(states["z-last"].Facts.ProtectedAddress);
        Assert.Equal(TableVisibilityStateStore.RangePagesRead, made.Calls.GetValueOrDefault("Table GET Visibility (query)"));
        Assert.Equal(3, made.Calls.GetValueOrDefault("Table GET Visibility (point)"));
    }

    private static VisibilityState State(string citizenId, bool protectedAddress)
    {
        var facts = FactLedger.Fold([new CitizenEvent
        {
            Id = "e-" + citizenId, Registry = "nav", CitizenId = citizenId, Type = CitizenEventTypes.StatusSnapshot, Source = "urn:test", Time = At,
            Facts = new Dictionary<CitizenFact, FactValue>
            {
                [CitizenFact.ConsentToEmployers] = new(true),
                [CitizenFact.ProtectedAddress] = new(protectedAddress),
            },
        }]).ToCitizenFacts(cvPresent: false, null, null);
        return new VisibilityState
        {
            Registry = "nav", CitizenId = citizenId, Facts = facts, Decision = VisibilityPolicies.For("NO").Decide(facts, At), DecidedAt = At, Sequence = 1,
        };
    }
}
