using IntegrationHub.Core.Breach;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.IntegrationTests.Breach;

/// <summary>
/// One citizen's rows of a campaign's delivery ledger (the citizen's copy, erasure) on Azurite, requests counted: found
/// through the page records' ranges and point reads, not by a query across every page partition of the campaign (Azure
/// answers such a query at least once per partition: 10,000 requests for a campaign of 2 million letters), and still
/// exact after erasures moved page bounds.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class LedgerOfCitizenTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Campaign = "ledger-of-citizen";
    private static readonly DateTimeOffset At = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Three pages of four citizens each: a0-a3, b0-b3, c0-c3 (keys in the audience's order).</summary>
    private static readonly string[][] Pages = [["a0", "a1", "a2", "a3"], ["b0", "b1", "b2", "b3"], ["c0", "c1", "c2", "c3"]];

    private HubStorage _storage = null!;
    private TableBreachDeliveryStore _store = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestStorage.CreateAsync(azurite, countRequests: true);
        _store = new TableBreachDeliveryStore(_storage);
        var after = "";
        for (var n = 0; n < Pages.Length; n++)
        {
            await _store.SavePageAsync(Campaign, new PageRecord
            {
                PageNo = n, After = after, Last = Key(Pages[n][^1]), Count = Pages[n].Length, Done = true, EnqueuedAt = At, ByChannel = [], ByLanguage = [],
            }, CancellationToken.None);
            await _store.WriteLedgerAsync(Campaign, n, [.. Pages[n].Select(c => new LedgerEntry
            {
                Key = Key(c), Status = LedgerStatus.Delivered, Channel = "digital-mailbox", Language = "nb", Attempts = 1, At = At,
            })], CancellationToken.None);
            after = Key(Pages[n][^1]);
        }
        Assert.True(await _store.TrySaveRunAsync(new BreachRun
        {
            CampaignId = Campaign, RunId = "run", Cursor = after, NextPageNo = Pages.Length, Planned = true, StartedAt = At, ActiveSince = At, EnqueuedSinceActive = 0,
        }, CancellationToken.None));
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task LedgerOfCitizen_ReadsThePageRecordsAndOnePointRead()
    {
        var before = _storage.Requests!.All.Snapshot();

        var rows = await _store.LedgerOfCitizenAsync(Campaign, "nav", "b1", CancellationToken.None);

        var made = _storage.Requests.All.Snapshot() - before;
        Assert.Equal([Key("b1")], rows.Select(r => r.Key));
        Assert.Equal(1, made.Calls.GetValueOrDefault("Table GET BreachLedger (query)"));
        Assert.Equal(1, made.Calls.GetValueOrDefault("Table GET BreachLedger (point)"));
        Assert.Empty(await _store.LedgerOfCitizenAsync(Campaign, "nav", "zz", CancellationToken.None));
    }

    [Fact]
    public async Task Erase_CitizensAtPageBoundsAndTheCursor_TheirKeysGo_EveryOtherCitizenIsStillFoundInItsPage()
    {
        // Act: b3 ends page 1 and starts page 2; c3 ends page 2 and is the run's cursor; a0 is inside page 0.
        foreach (var citizen in new[] { "b3", "c3", "a0" })
        {
            await _store.EraseCitizenAsync(Campaign, "nav", citizen, CancellationToken.None);
        }

        // Assert: no bound or cursor names an erased citizen; the bounds moved to the nearest citizen below in the page.
        var pages = await _store.PagesAsync(Campaign, CancellationToken.None);
        Assert.Equal([("", Key("a3")), (Key("a3"), Key("b2")), (Key("b2"), Key("c2"))], pages.OrderBy(p => p.PageNo).Select(p => (p.After, p.Last)));
        Assert.Equal(Key("c2"), (await _store.GetRunAsync(Campaign, CancellationToken.None))!.Cursor);
        foreach (var citizen in new[] { "b3", "c3", "a0" })
        {
            Assert.Empty(await _store.LedgerOfCitizenAsync(Campaign, "nav", citizen, CancellationToken.None));
        }
        // Every other citizen is found by a point read in its own page, not by reading every page.
        var before = _storage.Requests!.All.Snapshot();
        var others = Pages.SelectMany(p => p).Except(["b3", "c3", "a0"]).ToList();
        foreach (var citizen in others)
        {
            Assert.Equal([Key(citizen)], (await _store.LedgerOfCitizenAsync(Campaign, "nav", citizen, CancellationToken.None)).Select(r => r.Key));
        }
        var made = _storage.Requests.All.Snapshot() - before;
        Assert.Equal(others.Count, made.Calls.GetValueOrDefault("Table GET BreachLedger (point)"));
    }

    [Fact]
    public async Task LedgerOfCitizen_PageBoundLeftByAnOlderErasure_ReadsEveryPageAndStillFindsTheCitizen()
    {
        // Arrange: an erasure before 2026-12-05 replaced b3 by the registry's prefix in both bounds, which leaves b0-b2
        // outside every page's range.
        var pages = await _store.PagesAsync(Campaign, CancellationToken.None);
        foreach (var page in pages.Where(p => p.Last == Key("b3") || p.After == Key("b3")))
        {
            await _store.SavePageAsync(Campaign, page with
            {
                After = page.After == Key("b3") ? "c|nav|" : page.After,
                Last = page.Last == Key("b3") ? "c|nav|" : page.Last,
            }, CancellationToken.None);
        }

        // Act
        var rows = await _store.LedgerOfCitizenAsync(Campaign, "nav", "b1", CancellationToken.None);
        await _store.EraseCitizenAsync(Campaign, "nav", "b2", CancellationToken.None);

        // Assert
        Assert.Equal([Key("b1")], rows.Select(r => r.Key));
        Assert.Empty(await _store.LedgerOfCitizenAsync(Campaign, "nav", "b2", CancellationToken.None));
        Assert.Equal([Key("b0")], (await _store.LedgerOfCitizenAsync(Campaign, "nav", "b0", CancellationToken.None)).Select(r => r.Key));
    }

    [Fact]
    public async Task Erase_WhileTheCitizensPageCompletesOnAnotherInstance_KeepsTheCompletion_AndMovesOnlyTheBound()
    {
        // Arrange: page 1 (b0-b3) still under way; its handler finishes between the erasure's read of the page records
        // and the erasure's writes, as a handler on another instance can.
        var running = (await _store.GetPageAsync(Campaign, 1, CancellationToken.None))! with { Done = false };
        await _store.SavePageAsync(Campaign, running, CancellationToken.None);
        var erasing = new TableBreachDeliveryStore(_storage)
        {
            AfterErasureReadsPages = () => _store.CompletePageAsync(Campaign, running with { Done = true, CompletedAt = At, Delivered = 4 }, CancellationToken.None),
        };

        // Act: b3 ends page 1 and starts page 2.
        await erasing.EraseCitizenAsync(Campaign, "nav", "b3", CancellationToken.None);

        // Assert: the page is done with its counts (the erasure used to write back the record it had read, undone, so
        // the page looked unfinished until the planner sent it again), and its bound moved off b3.
        var page = (await _store.GetPageAsync(Campaign, 1, CancellationToken.None))!;
        Assert.True(page.Done);
        Assert.Equal(4, page.Delivered);
        Assert.Equal((Key("a3"), Key("b2")), (page.After, page.Last));
        Assert.Equal(Key("b2"), (await _store.GetPageAsync(Campaign, 2, CancellationToken.None))!.After);
    }

    [Fact]
    public async Task PageCompletion_AfterAnErasureMovedItsBounds_KeepsTheMovedBounds_NoRecordNamesTheErasedCitizen()
    {
        // Arrange: the messages of pages 1 and 2 were cut with b3 as a bound; b3 is erased before their handlers finish.
        var cut = (await _store.PagesAsync(Campaign, CancellationToken.None)).Where(p => p.PageNo is 1 or 2).ToList();
        await _store.EraseCitizenAsync(Campaign, "nav", "b3", CancellationToken.None);

        // Act: both handlers complete their pages with the bounds their messages carry.
        foreach (var page in cut)
        {
            await _store.CompletePageAsync(Campaign, page with { Done = true, CompletedAt = At, Delivered = 3 }, CancellationToken.None);
        }

        // Assert: done, counted, and bounded as the erasure left them (the whole-record write put b3 back).
        var pages = (await _store.PagesAsync(Campaign, CancellationToken.None)).OrderBy(p => p.PageNo).ToList();
        Assert.Equal([("", Key("a3")), (Key("a3"), Key("b2")), (Key("b2"), Key("c3"))], pages.Select(p => (p.After, p.Last)));
        Assert.All(pages.Where(p => p.PageNo is 1 or 2), p => Assert.Equal((true, 3L), (p.Done, p.Delivered)));
    }

    private static string Key(string citizen) => "c|nav|" + citizen;
}
