using System.Globalization;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Retention;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Access;

/// <summary>
/// Counters in month tables "AccessCountersXX{yyyyMM}" (the month of the row's UTC day; "XX": an account belongs to no
/// one jurisdiction): partition = party (or party and user), row = UTC day; ETag-guarded increments. The retention
/// purge drops a month whole once the guard no longer reads it back (ADR 0029). A search or view reads and writes the
/// row of today in today's month table: one point read and one write, as in the single table before. The table
/// "AccessCounters" (before ADR 0029) is no longer written; the purge deletes its rows as they expire.
/// </summary>
public sealed class TableAccessCounters(HubStorage storage) : IAccessCounters
{
    /// <summary>The jurisdiction part of the month tables' names: counters are per account, which no jurisdiction owns.</summary>
    public const string AllJurisdictions = PeriodTables.Unconfigured;

    private readonly PeriodTables _periods = new(storage, AccessTables.AccessCountersTable, hub: null);

    /// <summary>The month tables (the retention purge drops them).</summary>
    public PeriodTables Periods => _periods;

    /// <summary>The table written before the month tables (ADR 0029): only purged now.</summary>
    public TableClient Legacy => storage.Table(AccessTables.AccessCountersTable);

    private TableClient TableOf(string day) => _periods.Table(TableNameOf(day));

    private string TableNameOf(string day) => _periods.Name(AllJurisdictions, day[..6]);

    public async Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> found;
        try
        {
            found = await TableOf(day).GetEntityIfExistsAsync<TableEntity>(key, day, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The month's table is created by its first write.
            return UsageCounter.Empty(key, day);
        }
        if (!found.HasValue)
        {
            return UsageCounter.Empty(key, day);
        }
        var row = found.Value!;
        return new UsageCounter(key, day,
            row.GetInt64("Minute") ?? 0, row.GetInt32("MinuteCount") ?? 0,
            row.GetInt64("Hour") ?? 0, row.GetInt32("HourCount") ?? 0,
            row.GetInt32("DayCount") ?? 0,
            row.GetInt64("NotFoundHour") ?? 0, row.GetInt32("NotFoundCount") ?? 0,
            row.ETag.ToString());
    }

    public async Task<bool> TryWriteAsync(UsageCounter counter, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(counter.Key, counter.Day)
        {
            ["Minute"] = counter.Minute,
            ["MinuteCount"] = counter.MinuteCount,
            ["Hour"] = counter.Hour,
            ["HourCount"] = counter.HourCount,
            ["DayCount"] = counter.DayCount,
            ["NotFoundHour"] = counter.NotFoundHour,
            ["NotFoundCount"] = counter.NotFoundCount,
        };
        try
        {
            await _periods.WriteAsync(TableNameOf(counter.Day), table => counter.ETag is null
                ? table.AddEntityAsync(entity, cancellationToken)
                : table.UpdateEntityAsync(entity, new ETag(counter.ETag), TableUpdateMode.Replace, cancellationToken), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// One partition range query per month the days span (two for the 30 days, in parallel), once per account and day
    /// (the guard keeps the answer for the day): at most one row per day.
    /// </summary>
    public async Task<IReadOnlyList<DayTotal>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken)
    {
        var date = DateTime.SpecifyKind(DateTime.ParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var first = date.AddDays(-days).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {first} and RowKey lt {day}");
        var months = RetentionPeriods.Between(new DateTimeOffset(date.AddDays(-days)), new DateTimeOffset(date.AddDays(-1))).ToList();
        var reads = await Task.WhenAll(months.Select(async month =>
        {
            var totals = new List<DayTotal>();
            await foreach (var row in _periods.QueryAsync(_periods.Name(AllJurisdictions, month), filter, null, ["RowKey", "DayCount"], cancellationToken))
            {
                totals.Add(new DayTotal(row.RowKey, row.GetInt32("DayCount") ?? 0));
            }
            return totals;
        }));
        return [.. reads.SelectMany(r => r).OrderBy(t => t.Day, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Retention of the table written before the month tables: deletes up to 100 of its rows older than
    /// <paramref name="cutoffDay"/> per batch (grouped per partition), at most <paramref name="maxBatches"/> batches. The
    /// table is no longer written, so it empties within the counters' period and stays empty.
    /// </summary>
    public async Task<(long Rows, int Batches)> PurgeLegacyAsync(string cutoffDay, int maxBatches, CancellationToken cancellationToken)
    {
        long rows = 0;
        var batches = 0;
        while (batches < maxBatches)
        {
            var keys = new List<(string, string)>(BatchDelete.MaxBatch);
            try
            {
                await foreach (var row in Legacy.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey lt {cutoffDay}"), maxPerPage: BatchDelete.MaxBatch,
                    select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
                {
                    keys.Add((row.PartitionKey, row.RowKey));
                    if (keys.Count == BatchDelete.MaxBatch)
                    {
                        break;
                    }
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // No such table (an account set up after ADR 0029 without it).
            }
            if (keys.Count == 0)
            {
                break;
            }
            await TableErasure.DeleteAsync(Legacy, keys, cancellationToken);
            rows += keys.Count;
            batches++;
        }
        return (rows, batches);
    }
}
