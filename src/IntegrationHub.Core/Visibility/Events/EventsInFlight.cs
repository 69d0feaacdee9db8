namespace IntegrationHub.Core.Visibility.Events;

/// <summary>A mark of <see cref="IEventsInFlight"/>: a citizen whose event request began at <paramref name="Since"/> and has not cleared it.</summary>
public sealed record EventsInFlight(string Registry, string CitizenId, DateTimeOffset Since, string Version);
