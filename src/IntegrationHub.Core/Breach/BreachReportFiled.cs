namespace IntegrationHub.Core.Breach;

/// <summary>The report to the supervisory authority as filed: its reference there, when it was filed, who recorded it and when.</summary>
public sealed record BreachReportFiled(string Reference, DateTimeOffset FiledAt, string RecordedBy, DateTimeOffset RecordedAt);
