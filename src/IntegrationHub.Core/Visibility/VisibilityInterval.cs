namespace IntegrationHub.Core.Visibility;

/// <summary>
/// One stretch of what the hub served, in the hub's own time (transaction time): from <see cref="From"/> until the next
/// interval's start. Appended, never rewritten, so a late event cannot erase what employers were actually shown.
/// </summary>
public sealed record VisibilityInterval(DateTimeOffset From, string? CvId, VisibilityDecision Decision, CitizenFacts Facts);
