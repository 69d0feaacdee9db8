using System.Text.Json;
using IntegrationHub.Core.Breach;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>
/// A campaign's progress read in steps (ADR 0061): the sums of the leading run of done pages kept, only the records after
/// them read, the numbers always those of a read of every record, no page counted twice, the full read once completed.
/// </summary>
public sealed class BreachProgressReadTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static PageRecord Page(int no, bool done, long delivered = 190, long failed = 10, DateTimeOffset? completedAt = null) => new()
    {
        PageNo = no,
        After = "",
        Last = "c|nav|" + no,
        Count = (int)(delivered + failed),
        Done = done,
        EnqueuedAt = Now.AddMinutes(-10),
        CompletedAt = done ? completedAt ?? Now.AddMinutes(-5) : null,
        Delivered = done ? delivered : 0,
        Failed = done ? failed : 0,
        ByChannel = done ? [new BreachCount(no % 2 == 0 ? "secure" : "paper", delivered)] : [],
        ByLanguage = done ? [new BreachCount("nb", delivered - 1), new BreachCount("en", 1)] : [],
    };

    [Fact]
    public void Read_LeadingDonePages_MoveTheWatermark_AFirstUnfinishedPageOrAGapStopsIt()
    {
        IReadOnlyList<PageRecord> unfinished = [Page(0, true), Page(1, true), Page(2, true), Page(3, false), Page(4, true)];
        IReadOnlyList<PageRecord> gap = [Page(0, true), Page(1, true), Page(3, true)];

        var (allUnfinished, nextUnfinished) = ProgressWatermark.Start.Read(unfinished, Now);
        var (allGap, nextGap) = ProgressWatermark.Start.Read(gap, Now);

        Assert.Equal((3, 3 * 190L, 4 * 190L), (nextUnfinished.NextPageNo, nextUnfinished.Done.Delivered, allUnfinished.Delivered));
        Assert.Equal((2, 2 * 190L, 3 * 190L), (nextGap.NextPageNo, nextGap.Done.Delivered, allGap.Delivered));
    }

    [Fact]
    public void Read_InStepsAsPagesFinishOutOfOrder_EqualsTheFullReadEachTime_AndCountsNoPageTwice()
    {
        // Arrange: 12 pages finishing in a scrambled order, each with its own counts.
        int[] order = [1, 0, 4, 2, 3, 7, 5, 11, 6, 8, 10, 9];
        var pages = Enumerable.Range(0, 12).Select(n => Page(n, false)).ToArray();
        var mark = ProgressWatermark.Start;

        foreach (var (no, step) in order.Select((no, step) => (no, step)))
        {
            pages[no] = Page(no, true, delivered: 100 + no, failed: no % 3, completedAt: Now.AddSeconds(-step));

            // Act: the records from the watermark on, and once every record (as a store that ignores the range would).
            var (fromMark, next) = mark.Read(pages.Where(p => p.PageNo >= mark.NextPageNo), Now);
            var (fromAll, _) = mark.Read(pages, Now);
            mark = next;

            // Assert
            Assert.Equal(Text(PageSums.Of(pages)), Text(fromMark));
            Assert.Equal(Text(PageSums.Of(pages)), Text(fromAll));
        }
        Assert.Equal(12, mark.NextPageNo);
    }

    [Fact]
    public void Read_CompletionsOutsideTheRateWindow_AreNotKept_TheRateIsTheFullReadsRate()
    {
        var campaign = Campaign(1000);
        IReadOnlyList<PageRecord> pages = [Page(0, true, completedAt: Now.AddMinutes(-5)), Page(1, true, completedAt: Now.AddSeconds(-30)), Page(2, false)];

        var (all, next) = ProgressWatermark.Start.Read(pages, Now);

        Assert.Equal([Now.AddSeconds(-30)], next.Done.Completions.Select(c => c.At));
        Assert.Equal(200, BreachProgress.From(campaign, null, all, null, Now)!.RatePerMinute);
        Assert.Equal(Json(BreachProgress.From(campaign, null, pages, null, Now)), Json(BreachProgress.From(campaign, null, all, null, Now)));
    }

    [Fact]
    public async Task Reader_SecondRead_ReadsOnlyTheRecordsAfterTheLeadingDonePages_AndGivesTheFullReadsNumbers()
    {
        // Arrange: 50 pages, the first 40 done.
        var campaign = Campaign(50 * 200);
        var store = new PageRows(Enumerable.Range(0, 50).Select(n => Page(n, n < 40)));
        var reader = new BreachProgressReader(store);

        // Act
        var first = await reader.ReadAsync(campaign, null, Now, CancellationToken.None);
        var rowsFirst = store.RowsRead;
        store.Set(Page(40, true));
        store.Set(Page(45, true));
        var second = await reader.ReadAsync(campaign, null, Now, CancellationToken.None);

        // Assert
        Assert.Equal(50, rowsFirst);
        Assert.Equal(10, store.RowsRead - rowsFirst);
        Assert.Equal(Json(BreachProgress.From(campaign, store.Run, store.All, null, Now)), Json(second));
        Assert.Equal(40 * 190L, first!.Delivered);
        Assert.Equal(42 * 190L, second!.Delivered);
    }

    [Fact]
    public async Task Reader_RunCompleted_ReadsEveryRecordOnce_ThenNoneAgain_WithTheFullReadsNumbers()
    {
        // Arrange: a kept watermark at page 3, then page 1's record written again with other counts (as a done page
        // cut again after a crashed look, with a citizen erased meanwhile, can be) and the run completed.
        var campaign = Campaign(4 * 200);
        var store = new PageRows(Enumerable.Range(0, 4).Select(n => Page(n, n < 3)));
        var reader = new BreachProgressReader(store);
        await reader.ReadAsync(campaign, null, Now, CancellationToken.None);
        store.Set(Page(1, true, delivered: 189));
        store.Set(Page(3, true));
        store.Run = store.Run! with { Planned = true, CompletedAt = Now.AddMinutes(-1) };

        // Act
        var before = store.RowsRead;
        var completed = await reader.ReadAsync(campaign, null, Now, CancellationToken.None);
        var readAtCompletion = store.RowsRead - before;
        var again = await reader.ReadAsync(campaign, null, Now.AddMinutes(1), CancellationToken.None);

        // Assert: every record once at completion, none after.
        Assert.Equal(4, readAtCompletion);
        Assert.Equal(4, store.RowsRead - before);
        Assert.Equal(Json(BreachProgress.From(campaign, store.Run, store.All, null, Now)), Json(completed));
        Assert.Equal(3 * 190L + 189, again!.Delivered);
    }

    [Fact]
    public async Task Reader_BeforeStart_ReadsNoPageRecord()
    {
        var store = new PageRows([Page(0, true)]) { Run = null };

        Assert.Null(await new BreachProgressReader(store).ReadAsync(Campaign(200) with { Audit = [] }, null, Now, CancellationToken.None));
        Assert.Equal(0, store.RowsRead);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>The sums as text, in key and time order (a dictionary's order is no part of them).</summary>
    private static string Text(PageSums sums) => string.Join(" ",
        sums.Delivered, sums.Failed,
        string.Join(",", sums.ByChannel.OrderBy(c => c.Key, StringComparer.Ordinal)),
        string.Join(",", sums.ByLanguage.OrderBy(c => c.Key, StringComparer.Ordinal)),
        string.Join(",", sums.Completions.Order()));

    private static BreachCampaign Campaign(long citizens) => new()
    {
        Id = "progress-read",
        Title = "t",
        Description = "d",
        DetectedAt = Now,
        WindowFrom = Now.AddDays(-3),
        WindowTo = Now.AddDays(-1),
        DataCategories = ["cv-text"],
        MeasuresTaken = "m",
        Selector = new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = "nav" },
        FallbackLanguage = "en",
        LetterLanguages = ["nb", "en"],
        ChannelPolicy = new BreachChannelPolicy { Channels = ["secure"] },
        Status = BreachStatus.Running,
        CreatedAt = Now,
        Audit = [new BreachAction(BreachService.Actions.Start, "u", Now.AddMinutes(-10))],
        Audience = new BreachAudienceSummary
        {
            RunId = "run",
            CompletedAt = Now,
            Citizens = citizens,
            Records = citizens,
            UnresolvedCvs = 0,
            ByRegistry = [],
            ByLanguage = [],
            ByChannel = [],
            ByProtectedStatus = [],
        },
    };

    /// <summary>Page records in memory, counting the rows each range read returns; a read of every record is refused.</summary>
    private sealed class PageRows(IEnumerable<PageRecord> pages) : IBreachDeliveryStore
    {
        private readonly SortedDictionary<int, PageRecord> _pages = new(pages.ToDictionary(p => p.PageNo));

        public int RowsRead { get; private set; }

        public BreachRun? Run { get; set; } = new()
        {
            CampaignId = "progress-read", RunId = "run", Cursor = "", NextPageNo = 0, Planned = false,
            StartedAt = Now.AddMinutes(-10), ActiveSince = Now.AddMinutes(-10), EnqueuedSinceActive = 0,
        };

        public IReadOnlyList<PageRecord> All => [.. _pages.Values];

        public void Set(PageRecord page) => _pages[page.PageNo] = page;

        public Task<IReadOnlyList<PageRecord>> PagesFromAsync(string campaignId, int fromPageNo, CancellationToken cancellationToken)
        {
            IReadOnlyList<PageRecord> rows = [.. _pages.Values.Where(p => p.PageNo >= fromPageNo)];
            RowsRead += rows.Count;
            return Task.FromResult(rows);
        }

        public Task<BreachRun?> GetRunAsync(string campaignId, CancellationToken cancellationToken) => Task.FromResult(Run);

        public Task<IReadOnlyList<PageRecord>> PagesAsync(string campaignId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TrySaveRunAsync(BreachRun run, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PageItem>> NextCitizensAsync(string campaignId, string runId, string after, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PageItem>> PageAudienceAsync(string campaignId, string runId, string after, string last, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SavePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PageRecord?> GetPageAsync(string campaignId, int pageNo, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string campaignId, int pageNo, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task WriteLedgerAsync(string campaignId, int pageNo, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
