namespace IntegrationHub.Core.Access;

/// <summary>The data of the "account suspended" security alert: ids and the rule, no personal data.</summary>
public sealed record SecurityAlert(string IncidentId, string Party, string ClientId, string Rule, DateTimeOffset DetectedAt);
