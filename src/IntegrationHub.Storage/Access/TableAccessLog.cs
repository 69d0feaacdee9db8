using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Retention;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Access;

/// <summary>
/// The access log, append-only (inserts, never updates), in one table per jurisdiction of the CV's registry and month
/// ("AccessLog{NO|DK|NL}{yyyyMM}", <see cref="PeriodTables"/>), so that retention drops a month whole (ADR 0023).
/// Every entry is written twice, both before the read is answered:
/// <list type="bullet">
/// <item>under the party and day ("party|{party}|{yyyyMMdd}"): what an account received;</item>
/// <item>under the owning registry and month ("cvs|{registry}|{yyyyMM}", row "{cvId}|{ticks}|..."): who saw a CV, a
/// row-key range per month.</item>
/// </list>
/// Each side goes in transactions of up to 100 rows, so a search page of 20 hits from one registry costs two calls (it
/// was one per hit on the CV side, when the CV was the partition).
/// </summary>
public sealed class TableAccessLog(HubStorage storage, IOptions<HubOptions>? hub = null) : IAccessLog
{
    private readonly PeriodTables _periods = new(storage, AccessTables.AccessLogTable, hub);

    /// <summary>The access log's month tables (the retention purge drops them).</summary>
    public PeriodTables Periods => _periods;

    public async Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var rows = entries.Select((e, i) => (Entry: e, Row: $"{e.At.UtcTicks:D19}|{e.RequestId}|{i:D4}", Table: TableOf(e))).ToList();
        var byParty = rows.Select(r => (r.Table, Partition: PartyPartition(r.Entry.Party, r.Entry.At), r.Row, r.Entry));
        var byCv = rows.Select(r => (r.Table, Partition: CvPartition(r.Entry.Registry, r.Entry.At), Row: $"{r.Entry.CvId}|{r.Row}", r.Entry));
        await Task.WhenAll(byParty.Concat(byCv).GroupBy(r => (r.Table, r.Partition))
            .SelectMany(g => g.Chunk(100))
            .Select(chunk => _periods.WriteAsync(chunk[0].Table, table => table.SubmitTransactionAsync(
                chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, Entity(r.Partition, r.Row, r.Entry))), cancellationToken), cancellationToken)));
    }

    public async Task<IReadOnlyList<AccessLogEntry>> ForCvAsync(string registry, string cvId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var entries = new List<AccessLogEntry>();
        var jurisdiction = _periods.JurisdictionOf(registry);
        foreach (var month in RetentionPeriods.Between(from, to))
        {
            var partition = CvPartition(registry, RetentionPeriods.StartOf(month));
            await foreach (var row in Range(_periods.Name(jurisdiction, month), partition, cvId + "|", from, to, cancellationToken))
            {
                entries.Add(row);
            }
        }
        return entries;
    }

    public async IAsyncEnumerable<AccessLogEntry> ForPartyAsync(string party, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A party reads CVs of every jurisdiction: each day is read from the month's tables that exist, merged in time order.
        var existing = (await _periods.ExistingAsync(cancellationToken)).ToLookup(p => p.Month, StringComparer.Ordinal);
        for (var day = from.UtcDateTime.Date; day <= to.UtcDateTime; day = day.AddDays(1))
        {
            var tables = existing[RetentionPeriods.MonthOf(day)].ToList();
            if (tables.Count == 1)
            {
                await foreach (var entry in Range(tables[0].Name, PartyPartition(party, day), "", from, to, cancellationToken))
                {
                    yield return entry;
                }
                continue;
            }
            var merged = new List<(string Key, AccessLogEntry Entry)>();
            foreach (var table in tables)
            {
                await foreach (var entry in Range(table.Name, PartyPartition(party, day), "", from, to, cancellationToken))
                {
                    merged.Add(($"{entry.At.UtcTicks:D19}|{entry.RequestId}", entry));
                }
            }
            foreach (var (_, entry) in merged.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                yield return entry;
            }
        }
    }

    private string TableOf(AccessLogEntry entry) => _periods.Name(_periods.JurisdictionOf(entry.Registry), RetentionPeriods.MonthOf(entry.At));

    /// <summary>
    /// Erasure: the CV's rows are found on the CV side, in every month table of its registry's jurisdiction (the month's
    /// partition of the registry, the CV's row-key range); each names its party-side twin in the same table exactly (the
    /// party and day of the same time, the same key after the CV id).
    /// </summary>
    public async Task<IReadOnlyList<AccessLogEntry>> EraseCvAsync(string registry, string cvId, Func<AccessLogEntry, bool> keep, CancellationToken cancellationToken)
    {
        var jurisdiction = _periods.JurisdictionOf(registry);
        var kept = new List<AccessLogEntry>();
        foreach (var period in (await _periods.ExistingAsync(cancellationToken)).Where(p => p.Jurisdiction == jurisdiction))
        {
            var partition = CvPartition(registry, RetentionPeriods.StartOf(period.Month));
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {cvId + "|"} and RowKey lt {cvId + "}"}");
            var rows = new List<(string, string)>();
            await foreach (var row in _periods.QueryAsync(period.Name, filter, 1000, null, cancellationToken))
            {
                var entry = ToEntry(row);
                if (keep(entry))
                {
                    kept.Add(entry);
                    continue;
                }
                rows.Add((row.PartitionKey, row.RowKey));
                rows.Add((PartyPartition(entry.Party, entry.At), row.RowKey[(cvId.Length + 1)..]));
            }
            if (rows.Count > 0)
            {
                await TableErasure.DeleteAsync(_periods.Table(period.Name), rows, cancellationToken);
            }
        }
        return kept;
    }

    /// <summary>The rows of one partition whose key, after <paramref name="prefix"/>, is a time in [from, to].</summary>
    private async IAsyncEnumerable<AccessLogEntry> Range(string table, string partition, string prefix, DateTimeOffset from, DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {prefix + from.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)} and RowKey lt {prefix + to.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "}"}");
        await foreach (var row in _periods.QueryAsync(table, filter, 1000, null, cancellationToken))
        {
            yield return ToEntry(row);
        }
    }

    private static AccessLogEntry ToEntry(TableEntity row) => new(
        row.GetDateTimeOffset("At")!.Value,
        row.GetString("ClientId"),
        row.GetString("Party"),
        row.GetString("UserObjectId"),
        row.GetString("Registry"),
        row.GetString("CvId"),
        row.GetString("Kind"),
        row.GetString("Fields") is { Length: > 0 } fields ? fields.Split(',') : [],
        row.GetString("RequestId"));

    private static string PartyPartition(string party, DateTimeOffset at) =>
        $"party|{party}|{at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    private static string CvPartition(string registry, DateTimeOffset at) =>
        $"cvs|{registry}|{at.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture)}";

    private static TableEntity Entity(string partition, string row, AccessLogEntry e) => new(partition, row)
    {
        ["At"] = e.At,
        ["ClientId"] = e.ClientId,
        ["Party"] = e.Party,
        ["UserObjectId"] = e.UserObjectId,
        ["Registry"] = e.Registry,
        ["CvId"] = e.CvId,
        ["Kind"] = e.Kind,
        ["Fields"] = string.Join(',', e.Fields),
        ["RequestId"] = e.RequestId,
    };
}
