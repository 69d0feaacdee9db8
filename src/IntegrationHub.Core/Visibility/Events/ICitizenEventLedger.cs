namespace IntegrationHub.Core.Visibility.Events;

/// <summary>The citizen-event ledger: every accepted event, once, per citizen of a registry.</summary>
public interface ICitizenEventLedger
{
    /// <summary>Records the event; false when an event with the same source and id is already recorded.</summary>
    Task<bool> AppendAsync(CitizenEvent citizenEvent, CancellationToken cancellationToken);

    Task<IReadOnlyList<CitizenEvent>> ReadAsync(string registry, string citizenId, CancellationToken cancellationToken);

    /// <summary>Erasure: removes every event of the citizen; idempotent.</summary>
    Task EraseCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This ledger does not erase.");
}
