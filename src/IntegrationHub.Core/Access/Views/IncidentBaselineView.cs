namespace IntegrationHub.Core.Access;

/// <summary>The account's daily baseline before the incident, and the factor that made it an incident.</summary>
public sealed record IncidentBaselineView(int Days, double? DailyAverage, double? PerHour, double Factor);
