namespace IntegrationHub.Core.Kernel;

/// <summary>
/// The pace of a timer that polls storage for work: it looks on every tick while it finds work; while it finds none,
/// at gaps that double from a second up to a ceiling; and on the next tick again once this process signals that it
/// wrote work. Polling an idle partition costs one query a tick in Azure, but Azurite answers every query by scanning
/// the whole table, so at 100,000 CVs the idle polls took a quarter of a core (ADR 0012). Work that another instance
/// wrote waits at most the ceiling.
/// </summary>
public sealed class PollPace
{
    private long _signals;
    private long _seen;
    private long _dueTicks;
    private long _gapTicks;

    /// <summary>The gap before the next look when no signal comes.</summary>
    public TimeSpan Gap => TimeSpan.FromTicks(Interlocked.Read(ref _gapTicks));

    /// <summary>Says that this process has just committed work for the poller.</summary>
    public void Signal() => Interlocked.Increment(ref _signals);

    /// <summary>Whether the poller should look now: a signal came since its last look, or the gap has passed.</summary>
    public bool IsDue(DateTimeOffset now)
    {
        var signals = Interlocked.Read(ref _signals);
        return Interlocked.Exchange(ref _seen, signals) != signals || now.UtcTicks >= Interlocked.Read(ref _dueTicks);
    }

    /// <summary>Records what a look found; a zero ceiling keeps the poller looking on every tick.</summary>
    public void Looked(bool foundWork, DateTimeOffset now, TimeSpan ceiling)
    {
        var previous = Interlocked.Read(ref _gapTicks);
        var gap = foundWork || ceiling <= TimeSpan.Zero ? 0 : Math.Min(Math.Max(previous * 2, TimeSpan.TicksPerSecond), ceiling.Ticks);
        Interlocked.Exchange(ref _gapTicks, gap);
        Interlocked.Exchange(ref _dueTicks, now.UtcTicks + gap);
    }

    /// <summary>
    /// The one paced poller every polling timer runs: looks only when due, and records what the look found, so a
    /// round that leaves work behind (a full page, a held-back backlog, a running campaign) keeps the next tick due.
    /// </summary>
    public async Task<PollRound?> RunIfDueAsync(
        TimeProvider clock, TimeSpan idleCeiling, Func<CancellationToken, Task<PollRound>> look, CancellationToken cancellationToken)
    {
        if (!IsDue(clock.GetUtcNow()))
        {
            return null;
        }
        var round = await look(cancellationToken);
        Looked(round.FoundWork, clock.GetUtcNow(), idleCeiling);
        return round;
    }
}
