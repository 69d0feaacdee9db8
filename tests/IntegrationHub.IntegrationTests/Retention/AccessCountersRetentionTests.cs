using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Retention;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Retention;

namespace IntegrationHub.IntegrationTests.Retention;

// The access guard's counters in month tables (ADR 0029): reads span months, expired months go whole.
public sealed partial class RetentionPurgeTests
{
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
        var removed = await Purge(Now).RunOnceAsync(CancellationToken.None);
        var again = await Purge(Now).RunOnceAsync(CancellationToken.None);

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
