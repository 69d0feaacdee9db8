namespace IntegrationHub.Core.Access;

/// <summary>
/// What an incident's chart shows: the account's reads per hour over the incident's window, and its own usual rate
/// before (its daily average over the baseline days, as the guard computes it, spread over 24 hours).
/// </summary>
public static class IncidentReadsPerHour
{
    /// <summary>Every hour from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>, zero-filled.</summary>
    public static IReadOnlyList<HourReads> Buckets(IEnumerable<AccessLogEntry> entries, DateTimeOffset from, DateTimeOffset to)
    {
        var first = Floor(from);
        var hours = Math.Max(1, (int)((Floor(to) - first).Ticks / TimeSpan.TicksPerHour) + 1);
        var reads = new int[hours];
        var cvs = Enumerable.Range(0, hours).Select(_ => new HashSet<(string, string)>()).ToArray();
        foreach (var entry in entries)
        {
            var i = (int)((Floor(entry.At) - first).Ticks / TimeSpan.TicksPerHour);
            if (i >= 0 && i < hours)
            {
                reads[i]++;
                cvs[i].Add((entry.Registry, entry.CvId));
            }
        }
        return [.. Enumerable.Range(0, hours).Select(i => new HourReads(first.AddHours(i), reads[i], cvs[i].Count))];
    }

    /// <summary>
    /// The account's daily average over the <paramref name="baselineDays"/> before the incident's day, or null when it has
    /// fewer than min(7, baselineDays) days of history: the same "too little history is no baseline" as the guard's.
    /// </summary>
    public static double? DailyBaseline(IReadOnlyList<DayTotal> history, int baselineDays) =>
        history.Count >= Math.Min(7, baselineDays) && history.Count > 0 ? history.Average(h => h.Count) : null;

    private static DateTimeOffset Floor(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
