namespace IntegrationHub.Core.Access;

/// <summary>
/// An account's totals over the days before today, read once per account and day: the last 6 and 29 days (with
/// today's count they make the rolling 7- and 30-day sums) and its daily average (its baseline; 0 with too little history).
/// </summary>
public sealed record PriorDays(int LastSixDays, int LastTwentyNineDays, double Baseline);
