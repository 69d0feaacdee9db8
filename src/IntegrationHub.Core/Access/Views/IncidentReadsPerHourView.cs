namespace IntegrationHub.Core.Access;

/// <summary>
/// The console's incident chart: the account's reads per UTC hour over the incident's window (from the access log), its
/// own usual rate before (a daily baseline from its day counters; null with too little history) and the limits in force.
/// </summary>
public sealed record IncidentReadsPerHourView(
    string IncidentId, string Rule, IncidentWindow Window, IReadOnlyList<HourReads> Hours, IncidentBaselineView Baseline, IncidentLimitsView Limits);

/// <summary>The account's daily baseline before the incident, and the factor that made it an incident.</summary>
public sealed record IncidentBaselineView(int Days, double? DailyAverage, double? PerHour, double Factor);

/// <summary>The account's limits in force (a per-hour limit of zero is none).</summary>
public sealed record IncidentLimitsView(int? PerHour, int DailyCeiling);
