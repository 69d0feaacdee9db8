using System.Collections.Concurrent;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// A campaign's progress for GET /api/breaches/{id} and the queue gauge, without reading every page record on each call
/// (ADR 0061: at 2 million letters that is 10,000 rows in 10 queries, and on Azurite a scan of the whole ledger table per
/// query). Per process and per (campaign, run), it keeps a <see cref="ProgressWatermark"/>: the sums of the leading run of
/// pages already read done, and reads only the records after it. A page recorded done stays counted as read: what writes
/// a done record again (erasure moving its bounds, a page cut again and done again over the same citizens) keeps its
/// letters, short of the erasure races ADR 0061 names. Once the run has completed, the first read reads every record and
/// its sums are the campaign's from then on: the full read's numbers, whatever happened on the way. Each instance keeps its own; any of them may answer (ADR 0025). Bounded: at more than
/// <see cref="Capacity"/> campaigns it starts over, which costs one full read per campaign, not a wrong number.
/// </summary>
public sealed class BreachProgressReader(IBreachDeliveryStore store)
{
    public const int Capacity = 32;

    private readonly ConcurrentDictionary<(string CampaignId, string RunId), ProgressWatermark> _marks = new();

    /// <summary>The progress of a started campaign, or null before its start (then nothing but the run is read).</summary>
    /// <param name="pace">The channel rate as letters per minute (<see cref="BreachPacing"/>); null: no limit.</param>
    public async Task<BreachProgress?> ReadAsync(BreachCampaign campaign, double? pace, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(campaign.Id, cancellationToken);
        if (BreachProgress.StartOf(campaign, run) is null || campaign.Audience is not { } audience)
        {
            return null;
        }
        var done = await DoneAsync(campaign.Id, audience.RunId, run, now, cancellationToken);
        return BreachProgress.From(campaign, run, done, pace, now);
    }

    /// <summary>The sums of the campaign's done pages: the kept ones and the records after them.</summary>
    private async Task<PageSums> DoneAsync(string campaignId, string runId, BreachRun? run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = (campaignId, runId);
        var mark = _marks.TryGetValue(key, out var known) ? known : ProgressWatermark.Start;
        if (mark.Final)
        {
            return mark.Done;
        }
        // A completed run: every record once more, so the numbers kept from now on are exactly the full read's.
        var completed = run?.CompletedAt is not null;
        if (completed)
        {
            mark = ProgressWatermark.Start;
        }
        var (all, next) = mark.Read(await store.PagesFromAsync(campaignId, mark.NextPageNo, cancellationToken), now);
        Keep(key, completed ? ProgressWatermark.Completed(all) : next);
        return all;
    }

    private void Keep((string CampaignId, string RunId) key, ProgressWatermark mark)
    {
        if (!_marks.ContainsKey(key) && _marks.Count >= Capacity)
        {
            _marks.Clear();
        }
        // Two reads at once: the one that knows more stays (both are right).
        _marks.AddOrUpdate(key, mark, (_, kept) => ProgressWatermark.Later(kept, mark));
    }
}
