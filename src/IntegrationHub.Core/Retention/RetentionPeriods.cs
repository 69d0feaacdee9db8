using System.Globalization;

namespace IntegrationHub.Core.Retention;

/// <summary>
/// Month periods ("yyyyMM", UTC): the unit in which the access log and the visibility history are kept and dropped
/// (docs/adr/0023-retention-and-period-tables.md).
/// </summary>
public static class RetentionPeriods
{
    public static string MonthOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>The UTC day ("yyyyMMdd") of <paramref name="at"/>, as the access counters key their rows.</summary>
    public static string DayOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static DateTime StartOf(string month) =>
        DateTime.SpecifyKind(DateTime.ParseExact(month, "yyyyMM", CultureInfo.InvariantCulture), DateTimeKind.Utc);

    /// <summary>
    /// A month's rows may all go once the month's last moment is <paramref name="months"/> months old: every row is then
    /// at least that old, and none is more than a month older than that.
    /// </summary>
    public static bool IsExpired(string month, int months, DateTimeOffset now) =>
        new DateTimeOffset(StartOf(month).AddMonths(1 + months), TimeSpan.Zero) <= now;

    /// <summary>The months from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>, oldest first.</summary>
    public static IEnumerable<string> Between(DateTimeOffset from, DateTimeOffset to)
    {
        var first = new DateTime(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var month = first; month <= to.UtcDateTime; month = month.AddMonths(1))
        {
            yield return month.ToString("yyyyMM", CultureInfo.InvariantCulture);
        }
    }
}
