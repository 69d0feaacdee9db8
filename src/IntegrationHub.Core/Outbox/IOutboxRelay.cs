namespace IntegrationHub.Core.Outbox;

/// <summary>
/// The outbox relay (ADR 0006, ADR 0012): one pass that publishes what is waiting in the outbox to the configured sink.
/// A port, so the timer function depends on Core only; Storage's <c>OutboxRelay</c> answers it (<c>AddHubOutbox()</c>).
/// </summary>
public interface IOutboxRelay
{
    /// <summary>Relays what is waiting; answers the number of events published.</summary>
    Task<int> RunOnceAsync(CancellationToken cancellationToken);
}
