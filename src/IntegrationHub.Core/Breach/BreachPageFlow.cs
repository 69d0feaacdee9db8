using System.Collections.Concurrent;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// The fan-out's pages in this process: how many the planner enqueued and the page handler finished here, and the wake
/// the planner's loop waits on, so a finished page makes room for the next at once instead of at the next timer tick
/// (ADR 0056). Pages finished on another instance are seen at the loop's next look of the pages rows (at least once a
/// second). The bench prints the counts per second (issue 18); they say nothing across instances. It also keeps which
/// pages finished here, so the planner's loop knows of room without reading every page record (ADR 0058).
/// </summary>
public sealed class BreachPageFlow
{
    private long _enqueued;
    private long _done;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>At most this many campaigns' finished pages are kept; beyond it they start over (the loop then reads).</summary>
    private const int MaxCampaigns = 32;

    /// <summary>Pages finished here since the campaign's planner last read the page records (ADR 0058), by campaign.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, byte>> _finished = new(StringComparer.Ordinal);

    /// <summary>Pages this process's planner has enqueued (new or again).</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Pages this process's handler has recorded done.</summary>
    public long Done => Interlocked.Read(ref _done);

    public void PageEnqueued() => Interlocked.Increment(ref _enqueued);

    /// <summary>The page handler recorded page <paramref name="pageNo"/> of <paramref name="campaignId"/> done.</summary>
    public void PageDone(string campaignId, int pageNo)
    {
        if (!_finished.ContainsKey(campaignId) && _finished.Count >= MaxCampaigns)
        {
            _finished.Clear();
        }
        _finished.GetOrAdd(campaignId, _ => new ConcurrentDictionary<int, byte>())[pageNo] = 0;
        PageDone();
    }

    /// <summary>
    /// Before the planner reads the campaign's page records: what finished until now shows in them, so only pages
    /// finished after this are told by <see cref="TakeDone"/> (a page is never counted done twice, ADR 0058).
    /// </summary>
    public void Forget(string campaignId) => _finished.TryRemove(campaignId, out _);

    /// <summary>Removes from <paramref name="unfinished"/> the pages this process has finished since <see cref="Forget"/>.</summary>
    public void TakeDone(string campaignId, HashSet<int> unfinished)
    {
        if (_finished.TryGetValue(campaignId, out var finished))
        {
            foreach (var pageNo in finished.Keys)
            {
                if (unfinished.Remove(pageNo))
                {
                    finished.TryRemove(pageNo, out _);
                }
            }
        }
    }

    public void PageDone()
    {
        Interlocked.Increment(ref _done);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Returns once <paramref name="count"/> pages have been done here since <paramref name="seen"/> (a <see cref="Done"/>
    /// read before the look), or after <paramref name="timeout"/> by <paramref name="clock"/>.
    /// </summary>
    public async Task WaitAsync(long seen, int count, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + timeout;
        while (Done - seen < count)
        {
            // Read the wake before the count: a page done in between either shows in the count or completes this wake.
            var next = Volatile.Read(ref _next).Task;
            var left = until - clock.GetUtcNow();
            if (Done - seen >= count || left <= TimeSpan.Zero)
            {
                return;
            }
            try
            {
                await next.WaitAsync(left, clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }
}
