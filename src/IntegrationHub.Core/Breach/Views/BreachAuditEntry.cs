namespace IntegrationHub.Core.Breach;

/// <summary>One action on a campaign as the API shows it: who (<c>by</c>) did what, when.</summary>
public sealed record BreachAuditEntry(string Action, string By, DateTimeOffset At);
