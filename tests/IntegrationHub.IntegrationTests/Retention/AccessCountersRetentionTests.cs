using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Retention;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Retention;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Retention;

/// <summary>The access guard's counters in month tables (ADR 0029) on real Azurite: reads span months, expired months go whole.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AccessCountersRetentionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly IOptions<HubOptions> Hub = Options.Create(new HubOptions());

    private HubStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TestStorage.CreateAsync(azurite);

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private RetentionPurge Purge() => new(
        new TableAccessLog(_storage, Hub), new TableVisibilityStateStore(_storage, Hub), new TableBoardFeedStore(_storage),
        new TableBreachDeliveryStore(_storage), new TableBreachStore(_storage), _storage,
        Options.Create(new RetentionOptions()), Hub, new FixedClock(Now), NullLogger<RetentionPurge>.Instance);

    private static UsageCounter Day(string key, string day, int count) => UsageCounter.Empty(key, day) with { DayCount = count };

    [Fact]
    public async Task AccessCounters_AMonthPastTheirPeriod_IsDropped_LaterMonthsAndTheHistoryAcrossMonthsStay()
    {
        // Arrange: counts in July (past the default 4 months), November and yesterday; and two rows in the table written
        // before the month tables, one of January (expired) and one of December.
        var counters = new TableAccessCounters(_storage);
        foreach (var (day, count) in new[] { ("20260701", 5), ("20261110", 7), ("20261204", 11) })
        {
            Assert.True(await counters.TryWriteAsync(Day("acme", day, count), CancellationToken.None));
        }
        await counters.Legacy.AddEntityAsync(new TableEntity("acme", "20260101") { ["DayCount"] = 1 });
        await counters.Legacy.AddEntityAsync(new TableEntity("acme", "20261201") { ["DayCount"] = 1 });
        var before = await counters.HistoryAsync("acme", "20261205", 200, CancellationToken.None);

        // Act
        var removed = await Purge().RunOnceAsync(CancellationToken.None);
        var again = await Purge().RunOnceAsync(CancellationToken.None);

        // Assert: July's table went, and the legacy January row; the rest reads as before, across November and December.
        Assert.Equal(["20260701", "20261110", "20261204"], before.Select(d => d.Day));
        Assert.Contains(new PurgedCount(RetentionPurge.AccessCountersStore, "periods", 1), removed);
        Assert.Contains(new PurgedCount(RetentionPurge.AccessCountersStore, "rows", 1), removed);
        Assert.DoesNotContain(again, r => r.Store == RetentionPurge.AccessCountersStore);
        var after = await counters.HistoryAsync("acme", "20261205", 200, CancellationToken.None);
        Assert.Equal([new DayTotal("20261110", 7), new DayTotal("20261204", 11)], after);
        Assert.Equal(["20261201"], (await counters.Legacy.QueryAsync<TableEntity>().ToListAsync()).Select(e => e.RowKey));
    }

    [Fact]
    public async Task AccessCounters_ReadOfAMonthWithoutATable_IsEmpty_AndTheFirstWriteCreatesIt()
    {
        var counters = new TableAccessCounters(_storage);

        var empty = await counters.ReadAsync("acme|user-1", "20270101", CancellationToken.None);
        var written = await counters.TryWriteAsync(Day("acme|user-1", "20270101", 3), CancellationToken.None);
        var read = await counters.ReadAsync("acme|user-1", "20270101", CancellationToken.None);
        var updated = await counters.TryWriteAsync(read with { DayCount = 4 }, CancellationToken.None);
        var stale = await counters.TryWriteAsync(read with { DayCount = 5 }, CancellationToken.None);

        Assert.Null(empty.ETag);
        Assert.True(written);
        Assert.Equal(3, read.DayCount);
        Assert.True(updated);
        Assert.False(stale);
        Assert.Equal(4, (await counters.ReadAsync("acme|user-1", "20270101", CancellationToken.None)).DayCount);
    }
}
