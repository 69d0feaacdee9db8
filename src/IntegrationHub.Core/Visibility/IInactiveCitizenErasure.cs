namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The inactivity sweep's request to erase a citizen whose CV it deleted at 18.5 months (Jobnet's rule; ADR 0022).
/// Visibility asks, Erasure carries it out and registers the answer (ADR 0037), so the sweep does not name Erasure.
/// </summary>
public interface IInactiveCitizenErasure
{
    /// <summary>Erases the rest of what the hub holds of the citizen; done (or held) when it returns, idempotent.</summary>
    Task EraseInactiveAsync(string registry, string citizenId, CancellationToken cancellationToken);
}
