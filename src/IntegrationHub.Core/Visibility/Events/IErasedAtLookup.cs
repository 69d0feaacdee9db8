namespace IntegrationHub.Core.Visibility.Events;

/// <summary>
/// When a citizen was last erased, for refusing events older than the erasure (ADR 0022). Visibility asks, Erasure
/// answers from its tombstones and registers the answer (ADR 0037), so the intake does not name Erasure.
/// </summary>
public interface IErasedAtLookup
{
    /// <summary>When the citizen of the registry was last erased; null when never.</summary>
    Task<DateTimeOffset?> ErasedAtAsync(string registry, string citizenId, CancellationToken cancellationToken);
}
