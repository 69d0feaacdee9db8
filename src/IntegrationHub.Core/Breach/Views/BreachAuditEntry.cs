namespace IntegrationHub.Core.Breach;

/// <summary>One action on a campaign as the API shows it: who (<c>by</c>, and by <c>name</c> where the token gave one) did what, when.</summary>
public sealed record BreachAuditEntry(string Action, string By, string? Name, DateTimeOffset At);
