using System.Globalization;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Access;

/// <summary>Table "AccessCounters": partition = party (or party and user), row = UTC day; ETag-guarded increments.</summary>
public sealed class TableAccessCounters(HubStorage storage) : IAccessCounters
{
    private TableClient Table => storage.Table(StorageNames.AccessCountersTable);

    public async Task<UsageCounter> ReadAsync(string key, string day, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(key, day, cancellationToken: cancellationToken);
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
            if (counter.ETag is null)
            {
                await Table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await Table.UpdateEntityAsync(entity, new ETag(counter.ETag), TableUpdateMode.Replace, cancellationToken);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>One partition range query: at most one row per day (30 rows for the rolling 30-day sum).</summary>
    public async Task<IReadOnlyList<DayTotal>> HistoryAsync(string key, string day, int days, CancellationToken cancellationToken)
    {
        var first = DateTime.ParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture).AddDays(-days).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var totals = new List<DayTotal>(days);
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {first} and RowKey lt {day}"),
            select: ["RowKey", "DayCount"], cancellationToken: cancellationToken))
        {
            totals.Add(new DayTotal(row.RowKey, row.GetInt32("DayCount") ?? 0));
        }
        return totals;
    }
}
