namespace IntegrationHub.Core.Access;

public interface IIncidentStore
{
    /// <summary>The incident that suspends <paramref name="party"/>, or null when it is not suspended.</summary>
    Task<string?> SuspensionOfAsync(string party, CancellationToken cancellationToken);

    /// <summary>
    /// Records the incident, the suspension and the alert in one transaction. When the party is already suspended
    /// (a concurrent request got there first), records nothing and answers the existing incident's id.
    /// </summary>
    Task<string> SuspendAsync(Incident incident, Outbox.OutboundEvent alert, CancellationToken cancellationToken);

    Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken);

    Task<Incident?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lifts the suspension and records who and why; false when the incident changed meanwhile.</summary>
    Task<bool> TryLiftAsync(Incident lifted, CancellationToken cancellationToken);
}
