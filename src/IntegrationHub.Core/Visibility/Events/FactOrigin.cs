namespace IntegrationHub.Core.Visibility.Events;

/// <summary>Where a fact's current value came from: the event that stated it last, by the event's own time.</summary>
/// <param name="Sections">For a consent: the CV sections it covers (empty: the whole CV).</param>
public sealed record FactOrigin(FactValue Value, DateTimeOffset Time, string EventId, IReadOnlyList<string>? Sections = null);
