namespace IntegrationHub.Core.Visibility.Events;

/// <summary>
/// The event intake's request to run a citizen's erasure again: the erasure began between the intake's tombstone check
/// and its writes, so it may have passed the ledger and state steps before the request's rows landed (ADR 0040).
/// Visibility asks, Erasure carries it out and registers the answer (ADR 0037), so the intake does not name Erasure.
/// </summary>
public interface IEventBesideErasure
{
    /// <summary>Runs every step of the erasure again, keeping its erasure time; done (or held) when it returns, idempotent.</summary>
    Task EraseAgainAsync(string registry, string citizenId, CancellationToken cancellationToken);
}
