using Azure.Data.Tables;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Erasure;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Erasure;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Erasure;

/// <summary>
/// ADR 0040's time marks on Azurite: a mark is a keyed hash of a citizen, needed only while a page of first decisions
/// may read it back, so the erasure that adds a mark deletes its registry's marks older than
/// <see cref="TombstoneMark.Kept"/>; the tombstones stay (ADR 0022).
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class TombstoneMarkTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private HubStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TestStorage.CreateAsync(azurite);

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RecordTombstone_MarksOlderThanKept_GoWithTheRegistrysNextErasure_TombstonesAndOtherRegistriesStay()
    {
        var store = new TableErasureStore(_storage, Options.Create(new HubOptions()));
        var now = DateTimeOffset.UtcNow;
        var old = now - TombstoneMark.Kept - TimeSpan.FromHours(1);
        var ct = CancellationToken.None;
        await store.RecordTombstoneAsync("nav", "old-key", old, ct);
        await store.RecordTombstoneAsync("dk", "old-dk-key", old, ct);
        await store.RecordTombstoneAsync("nav", "recent-key", now - TimeSpan.FromHours(2), ct);
        var all = now - TimeSpan.FromDays(30);

        // An erasure two hours ago prunes before a day and two hours ago: the old mark is younger than that.
        Assert.Contains("old-key", (await store.ErasedSinceAsync("nav", all, ct)).Marks.Select(m => m.Key));

        await store.RecordTombstoneAsync("nav", "new-key", now, ct);

        Assert.Equal(["new-key", "recent-key"], (await store.ErasedSinceAsync("nav", all, ct)).Marks.Select(m => m.Key).Order(StringComparer.Ordinal));
        Assert.Equal(old.UtcTicks, (await store.ErasedAtAsync("nav", "old-key", ct))?.UtcTicks);
        Assert.Equal(["old-dk-key"], (await store.ErasedSinceAsync("dk", all, ct)).Marks.Select(m => m.Key));
    }

    [Fact]
    public async Task RecordMarksBegan_NoTombstoneYet_MarksFromTheStart_TombstonesFromBeforeTheMarks_TrustedAnHourOn_ALaterStartLeavesIt()
    {
        var store = new TableErasureStore(_storage, Options.Create(new HubOptions()));
        var now = DateTimeOffset.UtcNow;
        var ct = CancellationToken.None;
        // "dk" holds a tombstone as the hub wrote it before the marks: the row alone.
        await _storage.Table(ErasureTables.ErasuresTable).AddEntityAsync(new TableEntity("dk", "t|old-key") { ["ErasedAt"] = now - TimeSpan.FromMinutes(10) }, ct);

        await store.RecordMarksBeganAsync("nav", now, ct);
        await store.RecordMarksBeganAsync("dk", now, ct);
        await store.RecordMarksBeganAsync("dk", now + TimeSpan.FromDays(1), ct);

        // The look reads the time in its one range query, beside the marks (none here).
        var nav = await store.ErasedSinceAsync("nav", now - TimeSpan.FromHours(1), ct);
        var dk = await store.ErasedSinceAsync("dk", now - TimeSpan.FromHours(1), ct);
        Assert.Equal((DateTimeOffset.UnixEpoch, 0), (nav.MarkedSince!.Value, nav.Marks.Count));
        Assert.Equal(((now + TombstoneMark.Rollout).UtcTicks, 0), (dk.MarkedSince!.Value.UtcTicks, dk.Marks.Count));
    }
}
