namespace IntegrationHub.Core.Breach;

/// <summary>
/// One privacy-team action on a campaign: what, who (user object id, or "app:{clientId}" for an app) and when, with the
/// person's display name as their token gave it then (null for apps, the hub and actions recorded before names were).
/// </summary>
public sealed record BreachAction(string Action, string Actor, DateTimeOffset At, string? ActorName = null);
