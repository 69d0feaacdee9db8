namespace IntegrationHub.Core.Breach;

/// <summary>
/// The fan-out's pages in this process: how many the planner enqueued and the page handler finished here. The bench
/// prints them per second (issue 18: the idle gaps between waves of pages). The counts say nothing across instances.
/// </summary>
public sealed class BreachPageFlow
{
    private long _enqueued;
    private long _done;

    /// <summary>Pages this process's planner has enqueued (new or again).</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Pages this process's handler has recorded done.</summary>
    public long Done => Interlocked.Read(ref _done);

    public void PageEnqueued() => Interlocked.Increment(ref _enqueued);

    public void PageDone() => Interlocked.Increment(ref _done);
}
