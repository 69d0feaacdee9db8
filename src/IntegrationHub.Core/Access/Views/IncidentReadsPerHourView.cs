namespace IntegrationHub.Core.Access;

/// <summary>
/// The console's incident chart: the account's reads per UTC hour over the incident's window (from the access log), its
/// own usual rate before (a daily baseline from its day counters; null with too little history) and the limits in force.
/// </summary>
public sealed record IncidentReadsPerHourView(
    string IncidentId, string Rule, IncidentWindow Window, IReadOnlyList<HourReads> Hours, IncidentBaselineView Baseline, IncidentLimitsView Limits);
