using IntegrationHub.Core.Breach;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>
/// The planner keeps the backlog full within a tick (ADR 0056): pages finishing in this process make it cut the next
/// ones at once, from audience rows read ahead; a page is still recorded before its message and the cursor saved after,
/// so a crash or a second planner never skips a citizen nor puts one in two pages. The clock is fixed: only finished
/// pages move the loop on, never time.
/// </summary>
public sealed class BreachPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static BreachDeliveryOptions Options(int planAheadSeconds = 10) => new()
    {
        PageSize = 2,
        MaxBacklog = 2,
        MaxPagesPerTick = 2,
        PlanAheadSeconds = planAheadSeconds,
    };

    private static BreachPlanner Planner(PlannerStores stores, PlannerQueue queue, BreachDeliveryOptions options, BreachPageFlow flow) =>
        new(stores, stores, queue, new FakeTimeProvider(Now), Microsoft.Extensions.Options.Options.Create(options), NullLogger<BreachPlanner>.Instance, flow);

    /// <summary>Every audience key in exactly one page number, each page number with one range, nothing skipped.</summary>
    private static void AssertEveryCitizenInOnePage(PlannerStores stores, PlannerQueue queue)
    {
        foreach (var sends in queue.Sent.GroupBy(p => p.PageNo))
        {
            Assert.Single(sends.Select(p => (p.After, p.Last, Keys: string.Join(",", p.Items!.Select(i => i.Key)))).Distinct());
        }
        var cut = queue.Sent.DistinctBy(p => p.PageNo).OrderBy(p => p.PageNo).ToList();
        Assert.Equal(Enumerable.Range(0, cut.Count), cut.Select(p => p.PageNo));
        Assert.Equal(stores.Audience.Select(a => a.Key), cut.SelectMany(p => p.Items!).Select(i => i.Key));
    }

    [Fact]
    public async Task Poll_PagesFinishDuringTheTick_CutsTheWholeAudienceInOneTick()
    {
        // Arrange: 20 citizens in pages of 2, a backlog of 2 pages: ten pages, five times the backlog.
        var stores = new PlannerStores(BreachPageFixtures.RunningCampaign(20), 20);
        var (queue, flow) = (new PlannerQueue(), new BreachPageFlow());
        using var stop = new CancellationTokenSource();
        var workers = queue.WorkAsync(stores, [flow], stop.Token);

        // Act: one tick, then the next.
        var round = await Planner(stores, queue, Options(), flow).PollAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await workers;
        await Planner(stores, queue, Options(), flow).PollAsync(CancellationToken.None);

        // Assert: every page cut in the first tick, none waiting for a timer; the next tick completes the campaign.
        Assert.Equal(10, round.Moved);
        Assert.True(stores.Run!.Planned);
        AssertEveryCitizenInOnePage(stores, queue);
        Assert.Equal(BreachStatus.Completed, stores.Campaign.Status);
    }

    [Fact]
    public async Task Poll_PlanAheadZero_LooksOncePerTick()
    {
        var stores = new PlannerStores(BreachPageFixtures.RunningCampaign(20), 20);
        var (queue, flow) = (new PlannerQueue(), new BreachPageFlow());
        using var stop = new CancellationTokenSource();
        var workers = queue.WorkAsync(stores, [flow], stop.Token);

        var round = await Planner(stores, queue, Options(planAheadSeconds: 0), flow).PollAsync(CancellationToken.None);
        await stop.CancelAsync();
        await workers;

        // The backlog's two pages, as before the loop: the rest waits for the next tick.
        Assert.Equal(2, round.Moved);
        Assert.False(stores.Run!.Planned);
    }

    [Fact]
    public async Task Poll_HostDiesBetweenAPagesRecordAndItsMessage_NextTickReplansTheSamePagesAndSkipsNone()
    {
        // Arrange: the third message of the first look never leaves (pages are enqueued in parallel, so which one varies).
        var stores = new PlannerStores(BreachPageFixtures.RunningCampaign(20), 20);
        var options = Options();
        options.MaxBacklog = 4;
        options.MaxPagesPerTick = 4;
        var (queue, flow) = (new PlannerQueue { FailOnSend = 3 }, new BreachPageFlow());
        await Assert.ThrowsAsync<IOException>(() => Planner(stores, queue, options, flow).PollAsync(CancellationToken.None));
        Assert.Null(stores.Run);
        var recordedAtCrash = (await stores.PagesAsync("", CancellationToken.None)).Count;
        Assert.InRange(recordedAtCrash, 3, 4);

        // Act: the next tick, with workers.
        using var stop = new CancellationTokenSource();
        var workers = queue.WorkAsync(stores, [flow], stop.Token);
        await Planner(stores, queue, options, flow).PollAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await workers;

        // Assert: the pages of the failed look again, with the same numbers and ranges; every citizen in one page.
        Assert.True(stores.Run!.Planned);
        AssertEveryCitizenInOnePage(stores, queue);
        // ADR 0058: a page the crashed look had recorded may have run, so its new record says so (its handler reads the
        // ledger); a page cut for the first time does not.
        var pages = await stores.PagesAsync("", CancellationToken.None);
        Assert.All(pages, p => Assert.Equal(p.PageNo < recordedAtCrash, p.Resent));
    }

    [Fact]
    public async Task Poll_RowsLeftInAQueryPage_ServeTheNextLook_SoEachAudienceRowIsReadOnce()
    {
        // Arrange: 200 citizens in pages of 2, looks of at most 2 pages (4 rows), query pages of 10 rows.
        var stores = new PlannerStores(BreachPageFixtures.RunningCampaign(200), 200) { QueryPage = 10 };
        var (queue, flow) = (new PlannerQueue(), new BreachPageFlow());
        using var stop = new CancellationTokenSource();
        var workers = queue.WorkAsync(stores, [flow], stop.Token);

        // Act: ticks until every citizen is in a page.
        while (stores.Run is not { Planned: true })
        {
            await Planner(stores, queue, Options(), flow).PollAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }
        await stop.CancelAsync();
        await workers;

        // Assert: no page cut twice or skipped; the audience read in about 200 / 10 queries, plus one that finds the end
        // and one per tick whose leftover went with it. A store that stopped at the rows asked for (dropping the rest of
        // the query page, which the next read paid for again) took 98 here.
        AssertEveryCitizenInOnePage(stores, queue);
        Assert.InRange(stores.Reads, 20, 25);
    }

    [Fact]
    public async Task Poll_LoopThatKnowsOfRoom_CutsWithoutReadingThePageRecords_AndKeepsTheBacklogBound()
    {
        // Arrange: 40 citizens in pages of 2 (20 pages), looks of at most 2 pages and a backlog of 2: ten looks at least.
        var stores = new PlannerStores(BreachPageFixtures.RunningCampaign(40), 40);
        var (queue, flow) = (new PlannerQueue(), new BreachPageFlow());
        using var stop = new CancellationTokenSource();
        var most = 0;
        var probe = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                most = Math.Max(most, stores.Unfinished);
                await Task.Yield();
            }
        });
        var workers = queue.WorkAsync(stores, [flow], stop.Token);

        // Act: one tick.
        var round = await Planner(stores, queue, Options(), flow).PollAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await workers;
        await probe;

        // Assert: every page cut in the tick, each citizen in one page, never more than the backlog unfinished; the page
        // records read on fewer looks than there were (ADR 0058: each look read them before).
        Assert.Equal(20, round.Moved);
        AssertEveryCitizenInOnePage(stores, queue);
        Assert.InRange(most, 1, 2);
        Assert.InRange(stores.PageReads, 1, 7);
    }

    [Fact]
    public async Task Poll_StalePage_IsSentAgainMarkedResent_ANewPageIsNot()
    {
        // Arrange: page 0 queued ten minutes ago and never done (its message went with a host); the cursor after it.
        var stores = new PlannerStores(BreachPageFixtures.RunningCampaign(4), 4);
        await stores.TrySaveRunAsync(new BreachRun
        {
            CampaignId = stores.Campaign.Id, RunId = BreachPageFixtures.RunId, Cursor = stores.Audience[1].Key, NextPageNo = 1, Planned = false,
            StartedAt = Now.AddMinutes(-10), ActiveSince = Now.AddMinutes(-10), EnqueuedSinceActive = 2,
        }, CancellationToken.None);
        await stores.SavePageAsync(stores.Campaign.Id, new PageRecord
        {
            PageNo = 0, After = "", Last = stores.Audience[1].Key, Count = 2, Done = false, EnqueuedAt = Now.AddMinutes(-10),
        }, CancellationToken.None);
        var (queue, flow) = (new PlannerQueue(), new BreachPageFlow());

        // Act
        await Planner(stores, queue, Options(planAheadSeconds: 0), flow).PollAsync(CancellationToken.None);

        // Assert: page 0 again (its earlier message may have written ledger rows) and page 1 new.
        var pages = (await stores.PagesAsync("", CancellationToken.None)).ToDictionary(p => p.PageNo);
        Assert.Equal([0, 1], queue.Sent.Select(p => p.PageNo).Order());
        Assert.True(pages[0].Resent);
        Assert.False(pages[1].Resent);
    }

    [Fact]
    public async Task Poll_AnotherPlannerMovesTheCursorMeanwhile_ReadAheadIsDroppedAndNoPageIsSkippedOrCutTwice()
    {
        // Arrange: a planner looping with its rows read ahead, and a second one (a lease overlap) looking again and again.
        var stores = new PlannerStores(BreachPageFixtures.RunningCampaign(200), 200);
        var queue = new PlannerQueue();
        var (mine, other) = (new BreachPageFlow(), new BreachPageFlow());
        using var stop = new CancellationTokenSource();
        var workers = queue.WorkAsync(stores, [mine, other], stop.Token);

        // Act
        var looping = Planner(stores, queue, Options(), mine).PollAsync(CancellationToken.None);
        while (!looping.IsCompleted)
        {
            await Planner(stores, queue, Options(planAheadSeconds: 0), other).PollAsync(CancellationToken.None);
            await Task.Yield();
        }
        await looping.WaitAsync(TimeSpan.FromSeconds(30));
        while (stores.Run is not { Planned: true })
        {
            await Planner(stores, queue, Options(planAheadSeconds: 0), other).PollAsync(CancellationToken.None);
            await Task.Delay(1);
        }
        await stop.CancelAsync();
        await workers;

        // Assert: whoever cut a page cut it with the same number and range; every citizen in exactly one page.
        AssertEveryCitizenInOnePage(stores, queue);
    }
}
