namespace IntegrationHub.Core.Access;

/// <summary>The account's limits in force (a per-hour limit of zero is none).</summary>
public sealed record IncidentLimitsView(int? PerHour, int DailyCeiling);
