namespace IntegrationHub.Core.Visibility.Events;

/// <summary>
/// The ledger's index of event requests in flight (ADR 0047): the intake marks a citizen before it records their events
/// and clears the mark once the decision is stored. A mark left behind names a citizen whose events may be recorded but
/// not folded into the state (the request died between the two), for <see cref="MissedEventRepair"/> to fold again.
/// </summary>
public interface IEventsInFlight
{
    /// <summary>Marks the citizen (or marks them again); answers this mark's version, for <see cref="ClearAsync"/>.</summary>
    Task<string> MarkAsync(string registry, string citizenId, CancellationToken cancellationToken);

    /// <summary>Removes the mark if it is still <paramref name="version"/>: a newer request's mark stays, for that request to clear.</summary>
    Task ClearAsync(string registry, string citizenId, string version, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="take"/> of the registry's marks set before <paramref name="before"/>.</summary>
    Task<IReadOnlyList<EventsInFlight>> LeftBeforeAsync(string registry, DateTimeOffset before, int take, CancellationToken cancellationToken);
}
