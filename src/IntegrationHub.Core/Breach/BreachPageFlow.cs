namespace IntegrationHub.Core.Breach;

/// <summary>
/// The fan-out's pages in this process: how many the planner enqueued and the page handler finished here, and the wake
/// the planner's loop waits on, so a finished page makes room for the next at once instead of at the next timer tick
/// (ADR 0056). Pages finished on another instance are seen at the loop's next look of the pages rows (at least once a
/// second). The bench prints the counts per second (issue 18); they say nothing across instances.
/// </summary>
public sealed class BreachPageFlow
{
    private long _enqueued;
    private long _done;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Pages this process's planner has enqueued (new or again).</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Pages this process's handler has recorded done.</summary>
    public long Done => Interlocked.Read(ref _done);

    public void PageEnqueued() => Interlocked.Increment(ref _enqueued);

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
