using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Access;

/// <summary>
/// Table "AccessLog", append-only (inserts, never updates): every entry twice, both written before the read is answered:
/// <list type="bullet">
/// <item>under the party and day ("party|{party}|{yyyyMMdd}"): what an account received;</item>
/// <item>under the owning registry and month ("cvs|{registry}|{yyyyMM}", row "{cvId}|{ticks}|..."): who saw a CV, a
/// row-key range per month.</item>
/// </list>
/// Each side goes in transactions of up to 100 rows, so a search page of 20 hits from one registry costs two calls (it
/// was one per hit on the CV side, when the CV was the partition).
/// </summary>
public sealed class TableAccessLog(HubStorage storage) : IAccessLog
{
    private TableClient Table => storage.Table(StorageNames.AccessLogTable);

    public async Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var rows = entries.Select((e, i) => (Entry: e, Row: $"{e.At.UtcTicks:D19}|{e.RequestId}|{i:D4}")).ToList();
        var byParty = rows.Select(r => (Partition: PartyPartition(r.Entry.Party, r.Entry.At), r.Row, r.Entry));
        var byCv = rows.Select(r => (Partition: CvPartition(r.Entry.Registry, r.Entry.At), Row: $"{r.Entry.CvId}|{r.Row}", r.Entry));
        await Task.WhenAll(byParty.Concat(byCv).GroupBy(r => r.Partition, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(100))
            .Select(chunk => Table.SubmitTransactionAsync(
                chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, Entity(r.Partition, r.Row, r.Entry))), cancellationToken)));
    }

    public async Task<IReadOnlyList<AccessLogEntry>> ForCvAsync(string registry, string cvId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var entries = new List<AccessLogEntry>();
        var first = new DateTime(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var month = first; month <= to.UtcDateTime; month = month.AddMonths(1))
        {
            await foreach (var row in Range(CvPartition(registry, month), cvId + "|", from, to, cancellationToken))
            {
                entries.Add(row);
            }
        }
        return entries;
    }

    public async IAsyncEnumerable<AccessLogEntry> ForPartyAsync(string party, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var day = from.UtcDateTime.Date; day <= to.UtcDateTime; day = day.AddDays(1))
        {
            await foreach (var entry in Range(PartyPartition(party, day), "", from, to, cancellationToken))
            {
                yield return entry;
            }
        }
    }

    /// <summary>
    /// Erasure: the CV's rows are found on the CV side (every month's partition of the registry, the CV's row-key range);
    /// each names its party-side twin exactly (the party and day of the same time, the same key after the CV id).
    /// </summary>
    public async Task<IReadOnlyList<AccessLogEntry>> EraseCvAsync(string registry, string cvId, Func<AccessLogEntry, bool> keep, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {"cvs|" + registry + "|"} and PartitionKey lt {"cvs|" + registry + "}"} and RowKey gt {cvId + "|"} and RowKey lt {cvId + "}"}");
        var kept = new List<AccessLogEntry>();
        var rows = new List<(string, string)>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
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
        await TableErasure.DeleteAsync(Table, rows, cancellationToken);
        return kept;
    }

    /// <summary>The rows of one partition whose key, after <paramref name="prefix"/>, is a time in [from, to].</summary>
    private IAsyncEnumerable<AccessLogEntry> Range(string partition, string prefix, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {prefix + from.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)} and RowKey lt {prefix + to.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "}"}");
        return Read(filter, cancellationToken);
    }

    private async IAsyncEnumerable<AccessLogEntry> Read(string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
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
