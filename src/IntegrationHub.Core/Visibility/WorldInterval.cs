namespace IntegrationHub.Core.Visibility;

/// <summary>One stretch of world time (the events' own times) during which the same decision followed from the facts.</summary>
public sealed record WorldInterval(DateTimeOffset From, DateTimeOffset? To, VisibilityDecision Decision);
