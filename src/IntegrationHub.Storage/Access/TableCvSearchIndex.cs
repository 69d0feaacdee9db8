using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Access;

/// <summary>
/// Table "CvSearch": partition = query dimension and value (see <see cref="ICvSearchIndex"/>), row = newest activity
/// first. A manifest row per CV (partition "~manifest") lists the rows the CV has, so an update removes exactly the rows
/// it no longer needs. The manifest is widened before rows are added and narrowed after rows are removed, so a crash
/// part-way never leaves a row the manifest does not know.
/// </summary>
public sealed class TableCvSearchIndex(HubStorage storage) : ICvSearchIndex
{
    private const string ManifestPartition = "~manifest";
    private const char Separator = '\n';

    private TableClient Table => storage.Table(StorageNames.CvSearchTable);

    public async Task ApplyAsync(string registry, string cvId, CvSearchHit? entry, CancellationToken cancellationToken)
    {
        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(ManifestPartition, cvId, cancellationToken: cancellationToken);
        var old = existing.HasValue ? Keys(existing.Value!.GetString("Keys")) : [];
        var wanted = entry is null ? [] : CvSearchKeys.Dimensions(entry).Select(d => (d, CvSearchKeys.RowKey(entry))).ToHashSet();
        var stale = old.Except(wanted).ToList();
        if (wanted.Count > 0)
        {
            await WriteManifestAsync(cvId, old.Union(wanted), cancellationToken);
            await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (key, ct) => await Table.UpsertEntityAsync(Row(key, entry!), TableUpdateMode.Replace, ct));
        }
        await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (key, ct) => await Table.DeleteEntityAsync(key.Item1, key.Item2, ETag.All, ct));
        if (wanted.Count > 0)
        {
            await WriteManifestAsync(cvId, wanted, cancellationToken);
        }
        else if (existing.HasValue)
        {
            await Table.DeleteEntityAsync(ManifestPartition, cvId, ETag.All, cancellationToken);
        }
    }

    /// <summary>
    /// Loads the entries of CVs the index does not hold yet (an index being built from scratch): the manifests first,
    /// then the rows, each group of one partition in transactions of 100. Fails on a CV already indexed (use
    /// <see cref="ApplyAsync"/> for changes).
    /// </summary>
    public async Task BulkAddAsync(IReadOnlyList<CvSearchHit> entries, int concurrency, CancellationToken cancellationToken)
    {
        var rows = entries.SelectMany(e => CvSearchKeys.Dimensions(e).Select(d => Row((d, CvSearchKeys.RowKey(e)), e))).ToList();
        var manifests = entries.Select(e => Manifest(e.CvId, CvSearchKeys.Dimensions(e).Select(d => (d, CvSearchKeys.RowKey(e))))).ToList();
        foreach (var group in new[] { manifests, rows })
        {
            var batches = group.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(100));
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (batch, ct) => await Table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct));
        }
    }

    public async Task<CvSearchRows> ReadAsync(string dimension, string? continuation, int take, CancellationToken cancellationToken)
    {
        var filter = continuation is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {dimension}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {dimension} and RowKey gt {continuation}");
        var hits = new List<CvSearchHit>(take);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: cancellationToken))
        {
            hits.Add(Hit(row));
            if (hits.Count == take)
            {
                return new CvSearchRows(hits, row.RowKey);
            }
        }
        return new CvSearchRows(hits, null);
    }

    private async Task WriteManifestAsync(string cvId, IEnumerable<(string, string)> keys, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(Manifest(cvId, keys), TableUpdateMode.Replace, cancellationToken);

    private static TableEntity Manifest(string cvId, IEnumerable<(string, string)> keys) => new(ManifestPartition, cvId)
    {
        ["Keys"] = string.Join(Separator, keys.Select(k => k.Item1 + "\u001f" + k.Item2)),
    };

    private static HashSet<(string, string)> Keys(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. text.Split(Separator).Select(k => k.Split('\u001f')).Select(p => (p[0], p[1]))];

    private static TableEntity Row((string Partition, string Row) key, CvSearchHit hit) => new(key.Partition, key.Row)
    {
        ["Registry"] = hit.Registry,
        ["CitizenId"] = hit.CitizenId,
        ["CvId"] = hit.CvId,
        ["Presentation"] = hit.Presentation,
        ["LastActivity"] = hit.LastActivity,
        ["Occupations"] = string.Join(Separator, hit.Occupations),
        ["Municipalities"] = string.Join(Separator, hit.Municipalities),
        ["Languages"] = string.Join(Separator, hit.Languages),
        ["Skills"] = string.Join(Separator, hit.Skills),
    };

    private static CvSearchHit Hit(TableEntity row) => new(
        row.GetString("Registry"),
        row.GetString("CitizenId"),
        row.GetString("CvId"),
        row.GetString("Presentation"),
        row.GetDateTimeOffset("LastActivity") ?? DateTimeOffset.MinValue,
        List(row, "Occupations"),
        List(row, "Municipalities"),
        List(row, "Languages"),
        List(row, "Skills"));

    private static string[] List(TableEntity row, string name) =>
        row.GetString(name) is { Length: > 0 } text ? text.Split(Separator) : [];
}
