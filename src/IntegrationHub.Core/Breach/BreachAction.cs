namespace IntegrationHub.Core.Breach;

/// <summary>One privacy-team action on a campaign: what, who (user object id, or "app:{clientId}" for an app) and when.</summary>
public sealed record BreachAction(string Action, string Actor, DateTimeOffset At);
