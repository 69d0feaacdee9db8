using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Retention;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Retention;
using IntegrationHub.Storage.Visibility;

namespace IntegrationHub.IntegrationTests.Retention;

// The citizen's event ledger by time (ADR 0029): kept as long as the CV, then the history's period; purged from the
// time-ordered "~gone|" rows; and the history rows written before ADR 0023.
public sealed partial class RetentionPurgeTests
{
    [Fact]
    public async Task CitizenEvents_CvGoneLongerThanTheHistoryPeriod_Go_RecentlyGoneAndCvAgainStay()
    {
        // Arrange: three citizens with events; "old" lost the CV 37 months ago (past Norway's 36), "recent" 2 months ago,
        // "back" 37 months ago but has a CV again since.
        var store = new TableVisibilityStateStore(_storage, Hub);
        var ledger = new TableCitizenEventLedger(_storage);
        await CvCameAndWentAsync(store, ledger, "old", Now.AddMonths(-40), Now.AddMonths(-37), events: 120);
        await CvCameAndWentAsync(store, ledger, "recent", Now.AddMonths(-10), Now.AddMonths(-2), events: 2);
        await CvCameAndWentAsync(store, ledger, "back", Now.AddMonths(-40), Now.AddMonths(-37), events: 2);
        var back = (await store.GetAsync("nav", "back", CancellationToken.None))!;
        Assert.True(await store.TryWriteAsync(LedgerState("back", true, Now.AddMonths(-1), back.Sequence + 1, withCv: true), back, [], CancellationToken.None));

        // Act
        var removed = await Purge(Now).RunOnceAsync(CancellationToken.None);
        var again = await Purge(Now).RunOnceAsync(CancellationToken.None);

        // Assert: the old citizen's 120 events and state went (counts only in the report); the others keep theirs.
        Assert.Contains(new PurgedCount(RetentionPurge.CitizenEventsStore, "rows", 120), removed);
        Assert.Contains(new PurgedCount(RetentionPurge.CitizenStatesStore, "rows", 1), removed);
        Assert.DoesNotContain(again, r => r.Store is RetentionPurge.CitizenEventsStore or RetentionPurge.CitizenStatesStore);
        Assert.Empty(await ledger.ReadAsync("nav", "old", CancellationToken.None));
        Assert.Null(await store.GetAsync("nav", "old", CancellationToken.None));
        Assert.Equal(2, (await ledger.ReadAsync("nav", "recent", CancellationToken.None)).Count);
        Assert.NotNull(await store.GetAsync("nav", "recent", CancellationToken.None));
        Assert.Equal(2, (await ledger.ReadAsync("nav", "back", CancellationToken.None)).Count);
        Assert.NotNull((await store.GetAsync("nav", "back", CancellationToken.None))!.Cv);
        // Nothing is left to find in the time-ordered range but the recent citizen's row.
        Assert.Equal(["recent"], (await store.CvsGoneBeforeAsync("nav", Now, 100, CancellationToken.None)).Select(g => g.CitizenId));
    }

    [Fact]
    public async Task CitizenEvents_OfACitizenInAnUnreportedCampaign_StayUntilTheReportIsFiled_ThenGo()
    {
        // Arrange: a citizen whose CV went 37 months ago is on the uploaded list of a running breach campaign.
        var store = new TableVisibilityStateStore(_storage, Hub);
        var ledger = new TableCitizenEventLedger(_storage);
        var campaigns = new TableBreachStore(_storage);
        await CvCameAndWentAsync(store, ledger, "held", Now.AddMonths(-40), Now.AddMonths(-37), events: 3);
        var id = await CampaignAsync(campaigns, "held");

        // Act: a purge while the campaign holds, and one two days later after its report is filed.
        var whileHeld = await Purge(Now).RunOnceAsync(CancellationToken.None);
        var kept = await ledger.ReadAsync("nav", "held", CancellationToken.None);
        var campaign = (await campaigns.GetAsync(id, CancellationToken.None))!;
        Assert.True(await campaigns.TryUpdateAsync(campaign with { Status = BreachStatus.Reported }, CancellationToken.None));
        var sameDay = await Purge(Now.AddHours(1)).RunOnceAsync(CancellationToken.None);
        var after = await Purge(Now.AddDays(2)).RunOnceAsync(CancellationToken.None);

        // Assert: the hold kept the ledger and state, and moved the citizen's row a day on (asked again then, not every
        // tick); once the report is filed they go.
        Assert.DoesNotContain(whileHeld, r => r.Store == RetentionPurge.CitizenEventsStore);
        Assert.Equal(3, kept.Count);
        Assert.DoesNotContain(sameDay, r => r.Store == RetentionPurge.CitizenEventsStore);
        Assert.Contains(new PurgedCount(RetentionPurge.CitizenEventsStore, "rows", 3), after);
        Assert.Empty(await ledger.ReadAsync("nav", "held", CancellationToken.None));
        Assert.Null(await store.GetAsync("nav", "held", CancellationToken.None));
    }

    [Fact]
    public async Task HistoryRowsBefore0023_EndedOnesMoveToTheirMonthOrGo_TheOneInForceStays_OnePassOnly()
    {
        // Arrange: "moved" has old-layout rows from 40 and 38 months ago and a "current" row of last month (so the first
        // ended 38 months ago, past Norway's 36, and the second last month); "inforce" has two old rows and no "current".
        var store = new TableVisibilityStateStore(_storage, Hub);
        var t0 = Now.AddMonths(-40);
        var t1 = Now.AddMonths(-38);
        var t2 = Now.AddMonths(-1);
        Assert.True(await store.TryWriteAsync(LedgerState("moved", true, t2, 1, withCv: true), null, [], CancellationToken.None));
        var table = _storage.Table(VisibilityTables.VisibilityTable);
        foreach (var (citizen, at) in new[] { ("moved", t0), ("moved", t1), ("inforce", t0), ("inforce", t1) })
        {
            var interval = new VisibilityInterval(at, "cv-" + citizen, LedgerState(citizen, true, at, 1, withCv: true).Decision, LedgerState(citizen, true, at, 1, withCv: true).Facts);
            await table.AddEntityAsync(new Azure.Data.Tables.TableEntity("nav", $"{citizen}|{at.UtcTicks:D19}")
            {
                ["Interval"] = System.Text.Json.JsonSerializer.Serialize(interval, VisibilityJson.Default.VisibilityInterval),
                ["Audience"] = interval.Decision.Audience.ToString(),
                ["From"] = at,
            });
        }

        // Act
        var removed = await Purge(Now, new RetentionOptions { BatchesPerTick = 50 }).RunOnceAsync(CancellationToken.None);
        var again = await Purge(Now).RunOnceAsync(CancellationToken.None);

        // Assert: two ended rows went (one expired, one of "inforce" ended 38 months ago), one moved to last month's table;
        // the history reads the same intervals (less the expired one); the in-force old row stays where it was.
        Assert.Contains(new PurgedCount(RetentionPurge.LegacyHistoryStore, "rows deleted", 2), removed);
        Assert.Contains(new PurgedCount(RetentionPurge.LegacyHistoryStore, "rows moved", 1), removed);
        Assert.DoesNotContain(again, r => r.Store == RetentionPurge.LegacyHistoryStore);
        Assert.Equal([t1, t2], (await store.HistoryAsync("nav", "moved", CancellationToken.None)).Select(i => i.From));
        Assert.Equal([t1], (await store.HistoryAsync("nav", "inforce", CancellationToken.None)).Select(i => i.From));
        var left = await table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "nav").Select(e => e.RowKey).ToListAsync();
        Assert.Contains($"inforce|{t1.UtcTicks:D19}", left);
        Assert.DoesNotContain(left, k => k.StartsWith("moved|0", StringComparison.Ordinal));
    }

    /// <summary>A citizen with <paramref name="events"/> events and a CV from <paramref name="came"/>, deleted at <paramref name="went"/>.</summary>
    private static async Task CvCameAndWentAsync(TableVisibilityStateStore store, TableCitizenEventLedger ledger, string citizenId, DateTimeOffset came, DateTimeOffset went, int events)
    {
        foreach (var i in Enumerable.Range(0, events))
        {
            Assert.True(await ledger.AppendAsync(Event(citizenId, $"e{i}", came.AddMinutes(i)), CancellationToken.None));
        }
        Assert.True(await store.TryWriteAsync(LedgerState(citizenId, true, came, 1, withCv: true), null, [], CancellationToken.None));
        var previous = (await store.GetAsync("nav", citizenId, CancellationToken.None))!;
        Assert.True(await store.TryWriteAsync(LedgerState(citizenId, true, went, 2, withCv: false), previous, [], CancellationToken.None));
    }

    private static async Task<string> CampaignAsync(TableBreachStore campaigns, string citizenId)
    {
        var id = HubIds.NewRandomId();
        var campaign = new BreachCampaign
        {
            Id = id, Title = "t", Description = "d", DetectedAt = Now.AddDays(-3), WindowFrom = Now.AddDays(-10), WindowTo = Now.AddDays(-3),
            DataCategories = ["cv"], Selector = new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = "nav", CitizenCount = 1 },
            FallbackLanguage = "en", LetterLanguages = ["en"], ChannelPolicy = new BreachChannelPolicy { Channels = ["secure"] },
            Status = BreachStatus.Running, CreatedAt = Now.AddDays(-3), Audit = [],
        };
        await campaigns.CreateAsync(new BreachDraft(campaign, new Dictionary<string, BreachLetter> { ["en"] = new("s", "b") }, [citizenId]), CancellationToken.None);
        return id;
    }

    private static CitizenEvent Event(string citizenId, string id, DateTimeOffset at) => new()
    {
        Id = id, Registry = "nav", CitizenId = citizenId, Type = CitizenEventTypes.StatusSnapshot, Source = "urn:test", Time = at,
        Facts = new Dictionary<CitizenFact, FactValue> { [CitizenFact.ConsentToEmployers] = new(true), [CitizenFact.WorkOrientedBenefit] = new(true) },
    };

    /// <summary>A state as <see cref="State"/> writes it, with or without its CV (the CV gone).</summary>
    private static VisibilityState LedgerState(string citizenId, bool consent, DateTimeOffset at, long sequence, bool withCv) =>
        State(citizenId, consent, at, sequence, exposedSince: null) is var state && withCv ? state : state with { Cv = null };
}
