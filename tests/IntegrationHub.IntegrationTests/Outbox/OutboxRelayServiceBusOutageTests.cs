using Azure.Data.Tables;
using IntegrationHub.Core.Outbox;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Outbox;

/// <summary>
/// The outbox relay on real Azurite, publishing with the real Azure SDK sender to <see cref="LoopbackFakeServiceBus"/>
/// (a fake: Service Bus's own duplicate detection and session ordering are what the assertions check for, not what
/// the fake does).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutboxRelayServiceBusOutageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string OutboxTable = "RelayOutageOutbox";
    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private readonly LoopbackFakeServiceBus _bus = LoopbackFakeServiceBus.StartNew();
    private HubStorage _storage = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build();
        _storage = new HubStorage(configuration, Options.Create(new StorageOptions { NamePrefix = _prefix }));
        await _storage.Table(OutboxTable).CreateIfNotExistsAsync();
    }

    public Task DisposeAsync()
    {
        _bus.Dispose();
        _storage.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RunOnce_AgainstLoopbackFakeServiceBusDuringAndAfterAnOutage_KeepsRowsThenPublishesEveryEventOnceInSessionOrder()
    {
        // Arrange: the relay has published once (its client holds an open connection), then state changes of three
        // session keys in two partitions are committed, each with its events in one transaction; topics interleave
        // within a partition, and pages of 4 rows cut across sessions.
        await using var sink = ServiceBusEventSinkLoopbackTests.Sink(_bus.ConnectionString);
        var relay = new OutboxRelay(
            _storage, [new TestOutboxSource(OutboxTable, ["nav", "jobnet"])], sink,
            Options.Create(new OutboxOptions { Sink = OutboxSinkKind.ServiceBus, PageSize = 4 }), NullLogger<OutboxRelay>.Instance);
        var written = new List<OutboundEvent>();
        await CommitAsync("nav", "cv-a", 1, written, Event("cv-a", 1, 0, OutboundTopics.CvVisibility));
        Assert.Equal(1, await relay.RunOnceAsync(CancellationToken.None));
        for (var sequence = 2; sequence <= 5; sequence++)
        {
            await CommitAsync("nav", "cv-a", sequence, written, Event("cv-a", sequence, 0, OutboundTopics.CvVisibility));
        }
        for (var sequence = 1; sequence <= 3; sequence++)
        {
            await CommitAsync("nav", "cv-b", sequence, written,
                Event("cv-b", sequence, 0, OutboundTopics.CvVisibility), Event("cv-b", sequence, 1, OutboundTopics.SecurityAlerts));
        }
        for (var sequence = 1; sequence <= 3; sequence++)
        {
            await CommitAsync("jobnet", "ad-1", sequence, written,
                Event("ad-1", sequence, 0, OutboundTopics.JobAdStatus), Event("ad-1", sequence, 1, OutboundTopics.JobAdStatus));
        }
        var waiting = written.Count - 1;

        // Act 1: Service Bus is down (the open connection is closed, nothing listens).
        _bus.Stop();
        var publishedDuringOutage = await relay.RunOnceAsync(CancellationToken.None);

        // Assert 1: nothing published, nothing lost.
        Assert.Equal(0, publishedDuringOutage);
        Assert.Equal(waiting, await CountOutboxRowsAsync());
        Assert.Single(_bus.Received(OutboundTopics.CvVisibility));
        Assert.Single(_bus.Topics);

        // Act 2: Service Bus is back; the relay runs again (as its timer does, every second) until the outbox is empty.
        _bus.Start();
        var published = 0;
        for (var pass = 0; pass < 5 && published < waiting; pass++)
        {
            published += await relay.RunOnceAsync(CancellationToken.None);
        }

        // Assert 2: every event once per id (deduplicated on MessageId, as the topic's duplicate detection does), in
        // the written order per session, on its own topic; the outbox is empty.
        Assert.Equal(waiting, published);
        Assert.Equal(0, await CountOutboxRowsAsync());
        foreach (var topic in written.Select(e => e.Topic).Distinct())
        {
            var received = _bus.Received(topic);
            var deduplicated = received.DistinctBy(m => m.MessageId).ToList();
            Assert.Equal(written.Where(e => e.Topic == topic).Select(e => e.Id).Order(), deduplicated.Select(m => m.MessageId).Order());
            foreach (var session in written.Where(e => e.Topic == topic).GroupBy(e => e.SessionKey))
            {
                Assert.Equal(session.Select(e => e.Id), deduplicated.Where(m => m.SessionId == session.Key).Select(m => m.MessageId));
            }
        }
        Assert.Equal(written.Select(e => e.Topic).Distinct().Order(), _bus.Topics.Order());
    }

    private async Task CommitAsync(string partition, string sessionKey, long sequence, List<OutboundEvent> written, params OutboundEvent[] events)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, "state|" + sessionKey) { ["Sequence"] = sequence }),
        };
        actions.AddRange(events.Select((e, index) => OutboxRows.Add(partition, sessionKey, sequence, index, e)));
        await _storage.Table(OutboxTable).SubmitTransactionAsync(actions);
        written.AddRange(events);
    }

    private async Task<int> CountOutboxRowsAsync()
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {OutboxRows.Prefix} and RowKey lt {OutboxRows.End}");
        var count = 0;
        await foreach (var _ in _storage.Table(OutboxTable).QueryAsync<TableEntity>(filter, select: ["RowKey"]))
        {
            count++;
        }
        return count;
    }

    private static OutboundEvent Event(string sessionKey, long sequence, int index, string topic) =>
        new($"{sessionKey}-{sequence}-{index}", "hub.test.changed", "/integrationhub/test", sessionKey, DateTimeOffset.UtcNow, topic, sessionKey, $"{{\"sequence\":{sequence}}}");

    private sealed class TestOutboxSource(string table, IReadOnlyList<string> partitions) : IOutboxSource
    {
        public string Table => table;

        public IEnumerable<string> Partitions() => partitions;
    }
}
