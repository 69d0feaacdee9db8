using IntegrationHub.Core.Access;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Retention;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Retention;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Retention;

/// <summary>The paced purge on real Azurite, per store: what has expired goes, what is live stays, and readers still read across periods.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class RetentionPurgeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly IOptions<HubOptions> Hub = Options.Create(new HubOptions
    {
        Registries = new(StringComparer.Ordinal)
        {
            ["nav"] = new RegistrySettings { Jurisdiction = "NO" },
            ["jobnet"] = new RegistrySettings { Jurisdiction = "DK" },
        },
    });

    private HubStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TestStorage.CreateAsync(azurite);

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The feed keys a change by the time of its write (ADR 0029): the test sets that time.</summary>
    private RetentionPurge Purge(RetentionOptions? options = null) => Purge(Now, options);

    private RetentionPurge Purge(DateTimeOffset now, RetentionOptions? options = null) => TestRetention.Purge(_storage, Hub, new FixedClock(now), options);

    private static AccessLogEntry Read(DateTimeOffset at, string registry, string cvId) =>
        new(at, "acme-client", "acme", "user-1", registry, cvId, AccessKinds.View, ["skills"], "r-" + at.UtcTicks);

    [Fact]
    public async Task AccessLog_MonthsPastTheirJurisdictionsRetention_AreDropped_LiveMonthsStay_AndReadsSpanTheRest()
    {
        // Arrange: reads 33 months ago (past every retention), 20 months ago (past Denmark's 19, within Norway's 24) and
        // last month, of a Norwegian and a Danish CV.
        var log = new TableAccessLog(_storage, Hub);
        DateTimeOffset[] times = [Now.AddMonths(-33), Now.AddMonths(-20), Now.AddMonths(-1)];
        await log.AppendAsync([.. times.SelectMany(t => new[] { Read(t, "nav", "cvNO"), Read(t, "jobnet", "cvDK") })], CancellationToken.None);
        var options = new RetentionOptions { AccessLogMonths = 24, Jurisdictions = new(StringComparer.Ordinal) { ["DK"] = new JurisdictionRetention { AccessLogMonths = 19 } } };

        // Act
        var removed = await Purge(options).RunOnceAsync(CancellationToken.None);
        var again = await Purge(options).RunOnceAsync(CancellationToken.None);

        // Assert: three month tables went (NO and DK 33 months back, DK 20 months back); the rest read as before.
        Assert.Contains(new PurgedCount(RetentionPurge.AccessLogStore, "periods", 3), removed);
        Assert.DoesNotContain(again, r => r.Store == RetentionPurge.AccessLogStore);
        var no = await log.ForCvAsync("nav", "cvNO", Now.AddYears(-4), Now, CancellationToken.None);
        var dk = await log.ForCvAsync("jobnet", "cvDK", Now.AddYears(-4), Now, CancellationToken.None);
        Assert.Equal([times[1], times[2]], no.Select(e => e.At));
        Assert.Equal([times[2]], dk.Select(e => e.At));
        var party = await log.ForPartyAsync("acme", Now.AddYears(-4), Now, CancellationToken.None).ToListAsync();
        Assert.Equal([times[1], times[2], times[2]], party.Select(e => e.At));
    }

    [Fact]
    public async Task VisibilityHistory_AnIntervalEndedLongAgo_GoesWithItsMonth_TheLaterOnesAndTheStateStay()
    {
        // Arrange: visible in January 2022, hidden in March 2022 (the first interval ends then), visible again in November
        // 2026 (the second ends then). History keeps 36 months from an interval's end.
        var store = new TableVisibilityStateStore(_storage, Hub);
        var t0 = new DateTimeOffset(2022, 1, 10, 0, 0, 0, TimeSpan.Zero);
        var t1 = new DateTimeOffset(2022, 3, 10, 0, 0, 0, TimeSpan.Zero);
        var t2 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var first = State("cit-h1", consent: true, t0, sequence: 1, exposedSince: t0);
        Assert.True(await store.TryWriteAsync(first, null, [], CancellationToken.None));
        var hidden = State("cit-h1", consent: false, t1, sequence: 2, exposedSince: null);
        Assert.True(await store.TryWriteAsync(hidden, await store.GetAsync("nav", "cit-h1", CancellationToken.None), [], CancellationToken.None));
        var shown = State("cit-h1", consent: true, t2, sequence: 3, exposedSince: t2);
        Assert.True(await store.TryWriteAsync(shown, await store.GetAsync("nav", "cit-h1", CancellationToken.None), [], CancellationToken.None));
        Assert.Equal([t0, t1, t2], (await store.HistoryAsync("nav", "cit-h1", CancellationToken.None)).Select(i => i.From));
        Assert.Equal(2, (await store.OverlappingAsync("nav", t0.AddYears(-1), Now, null, 10, CancellationToken.None)).Items.Count);

        // Act
        var removed = await Purge().RunOnceAsync(CancellationToken.None);

        // Assert: March 2022's table went (the first interval, ended then), and the exposure that ended in March 2022;
        // the interval ended in November 2026, the one in force, the state and the open exposure stay.
        Assert.Contains(new PurgedCount(RetentionPurge.VisibilityHistoryStore, "periods", 1), removed);
        Assert.Contains(new PurgedCount(RetentionPurge.ExposuresStore, "rows", 1), removed);
        Assert.Equal([t1, t2], (await store.HistoryAsync("nav", "cit-h1", CancellationToken.None)).Select(i => i.From));
        Assert.Equal(3, (await store.GetAsync("nav", "cit-h1", CancellationToken.None))!.Sequence);
        var exposures = (await store.OverlappingAsync("nav", t0.AddYears(-1), Now, null, 10, CancellationToken.None)).Items;
        Assert.Equal([t2], exposures.Select(e => e.From));
        Assert.Null(exposures[0].To);
    }

    [Fact]
    public async Task VisibilityHistory_AWriteThatLosesItsRace_LeavesTheIntervalInForceReadOnce()
    {
        // Arrange: a state, then two writers changing it from the same read; the second loses on the state's ETag after
        // it has copied the interval in force to the month table.
        var store = new TableVisibilityStateStore(_storage, Hub);
        var t0 = Now.AddDays(-3);
        Assert.True(await store.TryWriteAsync(State("cit-race", consent: true, t0, 1, t0), null, [], CancellationToken.None));
        var read = (await store.GetAsync("nav", "cit-race", CancellationToken.None))!;
        Assert.True(await store.TryWriteAsync(State("cit-race", consent: false, Now.AddDays(-2), 2, null), read, [], CancellationToken.None));

        // Act
        var lost = await store.TryWriteAsync(State("cit-race", consent: false, Now.AddDays(-1), 2, null), read, [], CancellationToken.None);

        // Assert: two intervals, each once, the later one in force.
        Assert.False(lost);
        Assert.Equal([t0, Now.AddDays(-2)], (await store.HistoryAsync("nav", "cit-race", CancellationToken.None)).Select(i => i.From));
    }

    [Fact]
    public async Task FeedChanges_OlderThanTheirDays_GoInPacedBatches_NewerStay()
    {
        // Arrange: 250 changes 100 days ago (past 90), 3 yesterday; one batch per tick.
        var clock = new SettableClock();
        var feed = new TableBoardFeedStore(_storage, clock);
        foreach (var i in Enumerable.Range(0, 250))
        {
            clock.Now = Now.AddDays(-100).AddSeconds(i);
            await feed.RecordAsync(new FeedChange("nav", $"old{i:D3}", FeedChanges.Modified, Now.AddDays(-100).AddSeconds(i)), CancellationToken.None);
        }
        foreach (var i in Enumerable.Range(0, 3))
        {
            clock.Now = Now.AddDays(-1).AddSeconds(i);
            await feed.RecordAsync(new FeedChange("nav", $"new{i}", FeedChanges.Modified, Now.AddDays(-1).AddSeconds(i)), CancellationToken.None);
        }
        var paced = new RetentionOptions { BatchesPerTick = 1 };

        // Act
        var ticks = new List<IReadOnlyList<PurgedCount>>();
        for (var i = 0; i < 7; i++)
        {
            ticks.Add(await Purge(paced).RunOnceAsync(CancellationToken.None));
        }

        // Assert: 100, 100, 50, then nothing: a tick never does more than its budget (the first ticks' budget goes to the
        // one-off pass over the old-layout history, one page per registry, ADR 0029); the recent changes stay.
        var feedCounts = ticks.Select(t => t.SingleOrDefault(r => r.Store == RetentionPurge.FeedChangesStore)?.Count ?? 0).ToList();
        Assert.Equal([100L, 100L, 50L], feedCounts.Where(c => c > 0));
        Assert.Equal(0L, feedCounts[^1]);
        var (left, _) = await feed.ChangesAsync(null, 100, CancellationToken.None);
        Assert.Equal(["new0", "new1", "new2"], left.Select(c => c.CvId));
    }

    [Fact]
    public async Task BreachLedger_OfACampaignReportedLongEnoughAgo_Goes_OtherCampaignsAndTheCampaignRecordStay()
    {
        // Arrange: two campaigns with audience and ledger rows; one reported 400 days ago, one still running.
        var campaigns = new TableBreachStore(_storage);
        var deliveries = new TableBreachDeliveryStore(_storage);
        var reported = await SeedCampaignAsync(campaigns, deliveries, "reported", Now.AddDays(-400));
        var running = await SeedCampaignAsync(campaigns, deliveries, BreachStatus.Running, Now.AddDays(-400));

        // Act
        var removed = await Purge().RunOnceAsync(CancellationToken.None);

        // Assert: 150 ledger rows + 1 page row + 150 audience rows + 1 pack and its seal (ADR 0062) + 1 uploaded-id chunk
        // of the reported campaign.
        Assert.Contains(new PurgedCount(RetentionPurge.BreachLedgerStore, "rows", 304), removed);
        Assert.Empty(await deliveries.NextCitizenRowsAsync(reported, "run1", "", 1, CancellationToken.None));
        Assert.Empty(await deliveries.NextCitizensAsync(reported, "run1", "", 1, CancellationToken.None));
        Assert.Empty(await deliveries.LedgerAsync(reported, 0, CancellationToken.None));
        Assert.Empty(await deliveries.PagesAsync(reported, CancellationToken.None));
        Assert.Empty(await campaigns.AudienceAsync(reported, "run1", CancellationToken.None).ToListAsync());
        Assert.Empty(await campaigns.CitizenIdsAsync(reported, CancellationToken.None).ToListAsync());
        Assert.NotNull(await campaigns.GetAsync(reported, CancellationToken.None));
        Assert.Equal(150, (await deliveries.LedgerAsync(running, 0, CancellationToken.None)).Count);
        Assert.Equal(150, (await campaigns.AudienceAsync(running, "run1", CancellationToken.None).ToListAsync()).Count);
        Assert.Equal(150, (await deliveries.NextCitizensAsync(running, "run1", "", 150, CancellationToken.None)).Count);
    }

    private static async Task<string> SeedCampaignAsync(TableBreachStore campaigns, TableBreachDeliveryStore deliveries, string status, DateTimeOffset lastAction)
    {
        var id = HubIds.NewRandomId();
        var campaign = new BreachCampaign
        {
            Id = id, Title = "t", Description = "d", DetectedAt = lastAction, WindowFrom = lastAction.AddDays(-1), WindowTo = lastAction,
            DataCategories = ["cv"], Selector = new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = "nav", CitizenCount = 150 },
            FallbackLanguage = "en", LetterLanguages = ["en"], ChannelPolicy = new BreachChannelPolicy { Channels = ["secure"] },
            Status = status, CreatedAt = lastAction.AddDays(-2), Audit = [new BreachAction(BreachService.Actions.ReportFiled, "alice", lastAction)],
        };
        var citizens = Enumerable.Range(0, 150).Select(i => $"citizen-{i:D3}").ToList();
        await campaigns.CreateAsync(new BreachDraft(campaign, new Dictionary<string, BreachLetter> { ["en"] = new("s", "b") }, citizens), CancellationToken.None);
        List<AudienceMember> members = [.. citizens.Select(c => new AudienceMember
        {
            Registry = "nav", CitizenId = c, Language = "en", Channel = "secure", ProtectedStatus = ProtectedStatuses.NotProtected,
        })];
        await campaigns.WriteAudienceAsync(id, "run1", members, CancellationToken.None);
        await campaigns.WriteAudiencePacksAsync(id, "run1", members, complete: true, CancellationToken.None);
        await deliveries.SavePageAsync(id, new PageRecord
        {
            PageNo = 0, After = "", Last = "c}", Count = 150, Done = true, EnqueuedAt = lastAction, ByChannel = [], ByLanguage = [],
        }, CancellationToken.None);
        await deliveries.WriteLedgerAsync(id, 0, [.. citizens.Select(c => new LedgerEntry
        {
            Key = "c|nav|" + c, Status = "delivered", Channel = "secure", Language = "en", Attempts = 1, At = lastAction,
        })], CancellationToken.None);
        return id;
    }

    private static VisibilityState State(string citizenId, bool consent, DateTimeOffset at, long sequence, DateTimeOffset? exposedSince)
    {
        var cv = new CvInForce("cv" + citizenId.Replace("-", "", StringComparison.Ordinal).PadRight(24, 'a'), "open", null);
        var facts = FactLedger.Fold([new CitizenEvent
        {
            Id = "e-" + sequence, Registry = "nav", CitizenId = citizenId, Type = CitizenEventTypes.StatusSnapshot, Source = "urn:test", Time = at,
            Facts = new Dictionary<CitizenFact, FactValue>
            {
                [CitizenFact.ConsentToEmployers] = new(consent),
                [CitizenFact.WorkOrientedBenefit] = new(false),
                [CitizenFact.ReducedWorkCapacityBenefit] = new(false),
                [CitizenFact.AgreedToShowDespiteReducedCapacity] = new(false),
                [CitizenFact.JobReady] = new(true),
                [CitizenFact.ProtectedAddress] = new(false),
            },
        }]).ToCitizenFacts(cvPresent: true, cv.Publication, null);
        return new VisibilityState
        {
            Registry = "nav", CitizenId = citizenId, Cv = cv, Facts = facts, Decision = VisibilityPolicies.For("NO").Decide(facts, at),
            DecidedAt = at, ExposedSince = exposedSince, Sequence = sequence,
        };
    }
}
