namespace IntegrationHub.Core.Kernel;

/// <summary>
/// What one look of a poller did: how many items it moved on, and whether it knows of work left for the next tick
/// (a full page, a board or channel held back by its backlog, a campaign still running). Either keeps the poller
/// looking every tick; only a look that moved nothing and knows of nothing lets its pace widen (ADR 0012).
/// </summary>
public readonly record struct PollRound(int Moved, bool WorkLeft)
{
    public bool FoundWork => Moved > 0 || WorkLeft;
}
