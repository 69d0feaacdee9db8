namespace IntegrationHub.Core.Access;

/// <summary>One counter row: a party's (or one of its users') CVs received on one UTC day, with minute and hour buckets.</summary>
public sealed record UsageCounter(string Key, string Day, long Minute, int MinuteCount, long Hour, int HourCount, int DayCount, long NotFoundHour, int NotFoundCount, string? ETag)
{
    public static UsageCounter Empty(string key, string day) => new(key, day, 0, 0, 0, 0, 0, 0, 0, null);

    public int InMinute(long minute) => Minute == minute ? MinuteCount : 0;

    public int InHour(long hour) => Hour == hour ? HourCount : 0;

    public int NotFoundInHour(long hour) => NotFoundHour == hour ? NotFoundCount : 0;

    /// <param name="emptySearches">
    /// Units a search that found nothing is charged in the minute and hour buckets (not the day: the ceilings count CVs
    /// received, and it received none).
    /// </param>
    public UsageCounter Add(long minute, long hour, int served, int notFound, int emptySearches = 0) => this with
    {
        Minute = minute,
        MinuteCount = InMinute(minute) + served + emptySearches,
        Hour = hour,
        HourCount = InHour(hour) + served + emptySearches,
        DayCount = DayCount + served,
        NotFoundHour = hour,
        NotFoundCount = NotFoundInHour(hour) + notFound,
    };
}
