using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Eures;
using IntegrationHub.Core.Retention;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.IntegrationTests.JobAds;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.JobAds;
using IntegrationHub.Storage.Retention;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Retention;

/// <summary>
/// Job ads after they close (ADR 0050), on real Azurite: ads go through the hub's own intake and expiry timer at the times
/// the test sets, EURES targeted, so every row a real ad has is there (the ad, its reference, its EURES state, the vacancy
/// index, outbox rows). Then the retention purge runs at "now" with the default window of 180 days.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class JobAdRetentionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Client = "ats-retention";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly IOptions<HubOptions> Hub = Options.Create(new HubOptions
    {
        Registries = new(StringComparer.Ordinal) { ["nav"] = new RegistrySettings { Jurisdiction = "NO" } },
        Clients = [new ClientBinding { ClientId = "ats-client", Kind = PartyKind.System, Id = Client }],
    });

    private readonly SettableClock _clock = new();
    private HubStorage _storage = null!;
    private TableJobAdStore _store = null!;
    private JobAdIntakeHandler _intake = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestStorage.CreateAsync(azurite);
        _store = new TableJobAdStore(_storage, _clock);
        _intake = new JobAdIntakeHandler(_store, _clock, NullLogger<JobAdIntakeHandler>.Instance);
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private RetentionPurge Purge(int batchesPerTick = 50) =>
        TestRetention.Purge(_storage, Hub, new FixedClock(Now), new RetentionOptions { BatchesPerTick = batchesPerTick });

    private EuresVacancyService Eures() => new(_store, new TableEuresVacancyIndex(_storage), Hub);

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An ad submitted at <paramref name="at"/> (published then, EURES only), expiring at <paramref name="expires"/>.</summary>
    private async Task<string> SubmitAsync(DateTimeOffset at, DateTimeOffset expires)
    {
        _clock.Now = at;
        var json = JobAdExamples.Json(j =>
        {
            j["targets"] = new System.Text.Json.Nodes.JsonArray("eures");
            j["published"] = Time(at.AddMinutes(-1));
            j["expires"] = Time(expires);
            j.Remove("applicationDue");
        });
        using var document = JsonDocument.Parse(json.ToJsonString());
        var result = await _intake.SubmitAsync(new SubmitJobAd { Client = Client, Document = document.RootElement, CorrelationId = "c" }, CancellationToken.None);
        return Assert.IsType<JobAdIntakeResult.Stored>(result).Answer.AdId;
    }

    private async Task WithdrawAsync(string adId, DateTimeOffset at)
    {
        _clock.Now = at;
        Assert.True(await _intake.WithdrawAsync(new WithdrawJobAd { Client = Client, AdId = adId, Reason = "withdrawn by the client", CorrelationId = "w" }, CancellationToken.None));
    }

    /// <summary>What the outbox relay does once Service Bus took the ads' events: their outbox rows go.</summary>
    private async Task RelayAsync(params string[] adIds)
    {
        var table = _storage.Table(JobAdsTables.JobAdsTable);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Client} and RowKey ge {"~out|"} and RowKey lt {"~out}"}")))
        {
            if (adIds.Any(id => row.RowKey.StartsWith($"~out|{id}.", StringComparison.Ordinal)))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
        }
    }

    private async Task<List<string>> RowKeysOfAsync(string adId)
    {
        var keys = new List<string>();
        await foreach (var row in _storage.Table(JobAdsTables.JobAdsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Client}"), select: ["RowKey"]))
        {
            if (row.RowKey.Contains(adId, StringComparison.Ordinal))
            {
                keys.Add(row.RowKey);
            }
        }
        return keys;
    }

    [Fact]
    public async Task Purge_AnAdExpiredBeyondTheWindow_GoesWithItsRows_ALiveAndARecentlyWithdrawnOneStay_AndEuresAnswersTheWindowAsBefore()
    {
        // Arrange: three ads submitted 400 days ago. One expired 300 days ago (withdrawn then by the expiry timer), one is
        // live until next month, one was withdrawn by its system 10 days ago. Their events have left through the outbox.
        var expired = await SubmitAsync(Now.AddDays(-400), Now.AddDays(-300));
        var live = await SubmitAsync(Now.AddDays(-400), Now.AddDays(30));
        var recent = await SubmitAsync(Now.AddDays(-400), Now.AddDays(30));
        _clock.Now = Now.AddDays(-300);
        Assert.Equal(1, (await new JobAdExpiry(_store, _intake, _clock, Hub).PollAsync(CancellationToken.None)).Moved);
        await WithdrawAsync(recent, Now.AddDays(-10));
        await RelayAsync(expired, live, recent);
        var window = Now.AddDays(-180);
        var changesBefore = await Eures().GetChangesAsync(window, CancellationToken.None);
        Assert.NotEmpty(await RowKeysOfAsync(expired));

        // Act
        var removed = await Purge().RunOnceAsync(CancellationToken.None);
        var again = await Purge().RunOnceAsync(CancellationToken.None);

        // Assert: the expired ad is gone with every row (ad, reference, EURES state, index rows); the others stay whole.
        Assert.Contains(new PurgedCount(RetentionPurge.JobAdsStore, "ads", 1), removed);
        Assert.Contains(new PurgedCount(RetentionPurge.JobAdsStore, "rows", 3), removed);
        Assert.DoesNotContain(again, r => r.Store is RetentionPurge.JobAdsStore or RetentionPurge.EuresChangesStore);
        Assert.Empty(await RowKeysOfAsync(expired));
        Assert.Null(await _store.GetAsync(Client, expired, CancellationToken.None));
        Assert.NotNull(await _store.GetAsync(Client, live, CancellationToken.None));
        Assert.True((await _store.GetAsync(Client, recent, CancellationToken.None))!.Withdrawn);
        Assert.Single(await _store.DeliveriesAsync(Client, recent, CancellationToken.None));

        // EURES: the changes since any time within the window are what they were; all and details as promised.
        var changesAfter = await Eures().GetChangesAsync(window, CancellationToken.None);
        Assert.Equivalent(changesBefore, changesAfter, strict: true);
        Assert.Equal([EuresReference.Of(Client, recent)], changesAfter.ClosedReferences.Select(r => r.Reference));
        Assert.Equal([EuresReference.Of(Client, live)], (await Eures().GetAllAsync(CancellationToken.None)).AllReferences.Select(r => r.Reference));
        var details = await Eures().GetDetailsAsync([EuresReference.Of(Client, expired), EuresReference.Of(Client, live), EuresReference.Of(Client, recent)], CancellationToken.None);
        Assert.Equal(new[] { EuresReference.Of(Client, live), EuresReference.Of(Client, recent) }.Order(StringComparer.Ordinal), details.Details.Keys.Order(StringComparer.Ordinal));
        // Before the window, nothing names the purged ad any more (its change rows went with it).
        var fromLongAgo = await Eures().GetChangesAsync(Now.AddDays(-500), CancellationToken.None);
        Assert.DoesNotContain(fromLongAgo.CreatedReferences.Concat(fromLongAgo.ModifiedReferences).Concat(fromLongAgo.ClosedReferences), r => r.Reference == EuresReference.Of(Client, expired));
    }

    [Fact]
    public async Task Purge_AnAdWithADeferredSignal_TakesTheSignalWithIt_AndALiveAdsSignalStays()
    {
        // Arrange: an ad closed 300 days ago and a live one, each with a status signal deferred to the board's pace (keyed
        // by due time: one overdue, one due tomorrow). ADR 0050 left the closed ad's for the pump to drop.
        var closed = await SubmitAsync(Now.AddDays(-400), Now.AddDays(-200));
        var live = await SubmitAsync(Now.AddDays(-400), Now.AddDays(30));
        await WithdrawAsync(closed, Now.AddDays(-300));
        await RelayAsync(closed, live);
        await _store.DeferAsync(Client, "eures", [(closed, Now.AddDays(-299)), (closed, Now.AddDays(1)), (live, Now.AddDays(1))], CancellationToken.None);
        Assert.Equal(2, (await RowKeysOfAsync(closed)).Count(k => k.StartsWith("w|", StringComparison.Ordinal)));

        // Act
        var removed = await Purge().RunOnceAsync(CancellationToken.None);

        // Assert: the closed ad went with its 3 rows and both signals; the live ad's signal is untouched.
        Assert.Contains(new PurgedCount(RetentionPurge.JobAdsStore, "ads", 1), removed);
        Assert.Contains(new PurgedCount(RetentionPurge.JobAdsStore, "rows", 5), removed);
        Assert.Empty(await RowKeysOfAsync(closed));
        Assert.Single(await RowKeysOfAsync(live), k => k.StartsWith("w|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Purge_AnAdClosedLongAgoWhoseEventsHaveNotLeft_Stays_UntilTheRelayTookThem()
    {
        // Arrange: withdrawn 300 days ago, but its events are still in the outbox (the relay has not published them).
        var adId = await SubmitAsync(Now.AddDays(-400), Now.AddDays(-200));
        await WithdrawAsync(adId, Now.AddDays(-300));

        // Act
        var held = await Purge().RunOnceAsync(CancellationToken.None);
        await RelayAsync(adId);
        var released = await Purge().RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.DoesNotContain(held, r => r.Store == RetentionPurge.JobAdsStore);
        Assert.Contains(new PurgedCount(RetentionPurge.JobAdsStore, "ads", 1), released);
        Assert.Empty(await RowKeysOfAsync(adId));
    }

    [Fact]
    public async Task Purge_ManyClosedAds_GoInTransactionsOfAtMost100Rows_OverSeveralPassesWhenTheBudgetIsSmall()
    {
        // Arrange: 45 ads withdrawn 200 days ago (3 rows each: 135 rows, two transactions), a budget of one batch a pass.
        var ids = new List<string>();
        for (var i = 0; i < 45; i++)
        {
            ids.Add(await SubmitAsync(Now.AddDays(-250), Now.AddDays(-100)));
        }
        foreach (var id in ids)
        {
            await WithdrawAsync(id, Now.AddDays(-200));
        }
        await RelayAsync([.. ids]);

        // Act: the EURES change rows take the first pass, the ads the next ones.
        var passes = new List<IReadOnlyList<PurgedCount>>();
        for (var pass = 0; pass < 5; pass++)
        {
            passes.Add(await Purge(batchesPerTick: 1).RunOnceAsync(CancellationToken.None));
        }

        // Assert: every ad went, none in a pass with more than 100 of its rows, and later passes find nothing.
        var perPass = passes.Select(p => p.FirstOrDefault(c => c.Store == RetentionPurge.JobAdsStore && c.Unit == "rows")?.Count ?? 0).ToList();
        Assert.All(perPass, rows => Assert.InRange(rows, 0, 100));
        Assert.Equal(45 * 3, perPass.Sum());
        Assert.Equal(45, passes.Sum(p => p.FirstOrDefault(c => c.Store == RetentionPurge.JobAdsStore && c.Unit == "ads")?.Count ?? 0));
        Assert.Empty(passes[^1]);
        foreach (var id in ids)
        {
            Assert.Null(await _store.GetAsync(Client, id, CancellationToken.None));
        }
    }
}
