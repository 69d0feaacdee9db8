namespace IntegrationHub.Core.Breach;

/// <summary>
/// What one process knows of a campaign's page records for its progress (ADR 0061): the sums of pages 0 to
/// <see cref="NextPageNo"/> - 1, every one recorded done when it was read, so a progress read reads only the records from
/// <see cref="NextPageNo"/> on. <see cref="Final"/>: the sums of every page, read after the run completed; they no longer
/// change, and no record is read again.
/// </summary>
public sealed record ProgressWatermark(int NextPageNo, PageSums Done, bool Final = false)
{
    public static readonly ProgressWatermark Start = new(0, PageSums.None);

    /// <summary>The sums of a completed run's pages, all of them read once it completed.</summary>
    public static ProgressWatermark Completed(PageSums all) => new(int.MaxValue, all, Final: true);

    /// <summary>
    /// The sums of every done page, given the records read from <see cref="NextPageNo"/> on, and the watermark moved past
    /// the leading run of them recorded done (consecutive numbers from <see cref="NextPageNo"/>: a page not yet done or a
    /// number not yet recorded stops it). A record below <see cref="NextPageNo"/> is already in <see cref="Done"/> and is
    /// passed over, so no page counts twice. What is kept drops the completions the rate window at
    /// <paramref name="now"/> no longer reaches.
    /// </summary>
    public (PageSums All, ProgressWatermark Next) Read(IEnumerable<PageRecord> records, DateTimeOffset now)
    {
        var tail = records.Where(p => p.PageNo >= NextPageNo).OrderBy(p => p.PageNo).ToList();
        var leading = 0;
        while (leading < tail.Count && tail[leading].Done && tail[leading].PageNo == NextPageNo + leading)
        {
            leading++;
        }
        var all = Done.Plus(PageSums.Of(tail));
        var kept = Done.Plus(PageSums.Of(tail.Take(leading))).Since(now - BreachProgress.RateWindow);
        return (all, new ProgressWatermark(NextPageNo + leading, kept));
    }

    /// <summary>Of two reads of the same campaign, the one that knows more (final, else the further watermark).</summary>
    public static ProgressWatermark Later(ProgressWatermark a, ProgressWatermark b) =>
        a.Final != b.Final ? (a.Final ? a : b) : (b.NextPageNo > a.NextPageNo ? b : a);
}
