namespace IntegrationHub.Core.Access;

public interface IAccessCounters
{
    Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken);

    /// <summary>Writes the counter if its ETag is still current; false when another request counted first.</summary>
    Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken);

    /// <summary>
    /// The day totals of <paramref name="key"/> for the <paramref name="days"/> days before <paramref name="day"/> (days
    /// without a row are left out): one range query over the key's partition.
    /// </summary>
    Task<IReadOnlyList<DayTotal>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken);
}
