using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Access;

/// <summary>
/// The search index (docs/adr/0011-search-index-shards.md):
/// <list type="bullet">
/// <item>rows: partition = query dimension, value and bucket of last activity (the year, "lang|nb|2026"; for "all"
/// the month, "all|202611"; ADR 0014), row = newest activity
/// first; the partition's table is one of <see cref="AccessTables.CvSearchShardCount"/> shards, by a hash of the
/// partition, so no table (and no partition) holds the whole index;</item>
/// <item>the bucket directory (table "CvSearchManifest", partition "~buckets", row = dimension): the buckets a dimension
/// has rows in, newest first, widened before a row lands in a new bucket, so a reader knows which partitions to read;</item>
/// <item>a manifest per CV (same table, partition "m|" + the CV id's first two characters, row = CV id) listing its
/// rows, so an update removes exactly the rows it no longer needs. The manifest is widened before rows are added and
/// narrowed after rows are removed, so a crash part-way never leaves a row the manifest does not know.</item>
/// </list>
/// A reader keeps each dimension's directory for <see cref="DirectoryLifetime"/> (ADR 0045): the directory only grows, so
/// a kept one lists every bucket but those added since, whose CVs another instance's reader finds that much later
/// (this process's own widening drops its copy at once). A page then costs no directory read.
/// </summary>
public sealed class TableCvSearchIndex(HubStorage storage) : ICvSearchIndex
{
    private const string DirectoryPartition = "~buckets";
    private const char Separator = '\n';
    private const char KeyJoin = '\u001f';
    private const int DirectoryAttempts = 20;

    /// <summary>How long a reader keeps a dimension's bucket directory (ADR 0045: one request fewer per search page).</summary>
    public static readonly TimeSpan DirectoryLifetime = TimeSpan.FromSeconds(60);

    /// <summary>Dimensions whose directory a reader keeps at most; past it the copies are dropped and read again.</summary>
    private const int MaxKeptDirectories = 50_000;

    /// <summary>"dimension|bucket" pairs this process has seen in the directory: most writes read no directory row.</summary>
    private readonly ConcurrentDictionary<string, bool> _knownBuckets = new(StringComparer.Ordinal);

    /// <summary>The directories this process's readers have read, with when (<see cref="Environment.TickCount64"/>).</summary>
    private readonly ConcurrentDictionary<string, (IReadOnlyList<string> Buckets, long ReadAt)> _directories = new(StringComparer.Ordinal);

    /// <summary>
    /// Widenings by this process per dimension: a read of a dimension's directory begun before one of them is not kept
    /// (it may predate the wider row). Dropped with the copies when they are.
    /// </summary>
    private readonly ConcurrentDictionary<string, long> _widenings = new(StringComparer.Ordinal);

    private TableClient Manifests => storage.Table(AccessTables.CvSearchManifestTable);

    /// <summary>The shard table of an index partition: FNV-1a over the partition's characters, modulo the shard count.</summary>
    public static string ShardOf(string partition)
    {
        var hash = 2166136261u;
        foreach (var c in partition)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return AccessTables.CvSearchShards[(int)(hash % AccessTables.CvSearchShardCount)];
    }

    public async Task ApplyAsync(string registry, string cvId, CvSearchHit? entry, CancellationToken cancellationToken)
    {
        var existing = await Manifests.GetEntityIfExistsAsync<TableEntity>(ManifestPartition(cvId), cvId, cancellationToken: cancellationToken);
        var old = existing.HasValue ? Keys(existing.Value!.GetString("Keys")) : [];
        var wanted = entry is null ? [] : KeysOf(entry).ToHashSet();
        var stale = old.Except(wanted).ToList();
        // The manifest is written only when it would change: widened when rows are added that it does not list (a new
        // CV: the widened manifest is already the final one), narrowed when rows went. Issue 18: it was written twice on
        // every update, the same content both times for a new CV and for rows under the same keys.
        var widen = !wanted.IsSubsetOf(old);
        if (wanted.Count > 0)
        {
            await EnsureBucketsAsync(CvSearchKeys.Dimensions(entry!).Select(d => (d, CvSearchKeys.Bucket(d, entry!.LastActivity))), cancellationToken);
            if (widen)
            {
                await WriteManifestAsync(cvId, old.Union(wanted), cancellationToken);
            }
            await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (key, ct) => await storage.Table(ShardOf(key.Partition)).UpsertEntityAsync(Row(key, entry!), TableUpdateMode.Replace, ct));
        }
        await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (key, ct) => await storage.Table(ShardOf(key.Partition)).DeleteEntityAsync(key.Partition, key.Row, ETag.All, ct));
        if (wanted.Count > 0 && stale.Count > 0)
        {
            await WriteManifestAsync(cvId, wanted, cancellationToken);
        }
        else if (existing.HasValue)
        {
            await Manifests.DeleteEntityAsync(ManifestPartition(cvId), cvId, ETag.All, cancellationToken);
        }
    }

    /// <summary>
    /// Loads the entries of CVs the index does not hold yet (an index being built from scratch): the bucket directory,
    /// the manifests, then the rows, each group of one partition in transactions of 100. Fails on a CV already indexed
    /// (use <see cref="ApplyAsync"/> for changes).
    /// </summary>
    public async Task BulkAddAsync(IReadOnlyList<CvSearchHit> entries, int concurrency, CancellationToken cancellationToken)
    {
        var pairs = entries.SelectMany(e => CvSearchKeys.Dimensions(e).Select(d => (d, CvSearchKeys.Bucket(d, e.LastActivity)))).Distinct().ToList();
        await EnsureBucketsAsync(pairs, cancellationToken);
        var manifests = entries.Select(e => (Table: AccessTables.CvSearchManifestTable, Entity: Manifest(e.CvId, KeysOf(e))));
        var rows = entries.SelectMany(e => KeysOf(e).Select(k => (Table: ShardOf(k.Partition), Entity: Row(k, e))));
        foreach (var group in new[] { manifests.ToList(), rows.ToList() })
        {
            var batches = group.GroupBy(r => (r.Table, r.Entity.PartitionKey)).SelectMany(p => p.Chunk(100));
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (batch, ct) => await storage.Table(batch[0].Table).SubmitTransactionAsync(
                    batch.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r.Entity)), ct));
        }
    }

    public async Task<CvSearchRows> ReadAsync(string dimension, string? continuation, int take, CancellationToken cancellationToken)
    {
        var hits = new List<CvSearchHit>(take);
        if (take <= 0 || await DirectoryAsync(dimension, cancellationToken) is not { } directory)
        {
            return new CvSearchRows(hits, null);
        }
        // A continuation is a row key; its bucket is where the reader stopped, and every later row sorts after it.
        var from = continuation is null ? null : CvSearchKeys.BucketOfRowKey(dimension, continuation);
        foreach (var bucket in directory.Where(b => from is null || string.CompareOrdinal(b, from) <= 0))
        {
            var partition = CvSearchKeys.Partition(dimension, bucket);
            var filter = continuation is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {continuation}");
            await foreach (var row in storage.Table(ShardOf(partition)).QueryAsync<TableEntity>(filter, maxPerPage: take - hits.Count, cancellationToken: cancellationToken))
            {
                var hit = Hit(row);
                // The employer's next call is likely a view of a hit: it then reads only the hit's registry (CvRegistryCache).
                storage.CvRegistries.Learn(hit.CvId, hit.Registry);
                hits.Add(hit);
                if (hits.Count == take)
                {
                    return new CvSearchRows(hits, row.RowKey);
                }
            }
        }
        return new CvSearchRows(hits, null);
    }

    /// <summary>
    /// The buckets of a dimension, newest first, from this process's copy while it is younger than
    /// <see cref="DirectoryLifetime"/>; null when the dimension has no rows (not kept: its first row is found at once).
    /// </summary>
    private async Task<IReadOnlyList<string>?> DirectoryAsync(string dimension, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (_directories.TryGetValue(dimension, out var kept) && now - kept.ReadAt < (long)DirectoryLifetime.TotalMilliseconds)
        {
            return kept.Buckets;
        }
        var widenings = _widenings.GetValueOrDefault(dimension);
        var row = await Manifests.GetEntityIfExistsAsync<TableEntity>(DirectoryPartition, dimension, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        if (_directories.Count >= MaxKeptDirectories)
        {
            _directories.Clear();
            _widenings.Clear();
        }
        var buckets = Buckets(row.Value!);
        if (widenings == _widenings.GetValueOrDefault(dimension))
        {
            _directories[dimension] = (buckets, now);
        }
        return buckets;
    }

    /// <summary>
    /// Makes the directory list each (dimension, bucket) pair before any row lands there. Rows written in a bucket the
    /// directory does not list could not be found; the directory only grows (an emptied bucket costs a reader one
    /// query that returns nothing).
    /// </summary>
    private async Task EnsureBucketsAsync(IEnumerable<(string Dimension, string Bucket)> pairs, CancellationToken cancellationToken)
    {
        var missing = pairs.Where(p => !_knownBuckets.ContainsKey(p.Dimension + "|" + p.Bucket))
            .GroupBy(p => p.Dimension, p => p.Bucket, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                var current = await Manifests.GetEntityIfExistsAsync<TableEntity>(DirectoryPartition, group.Key, cancellationToken: ct);
                var listed = current.HasValue ? Buckets(current.Value!) : [];
                var union = listed.Union(group, StringComparer.Ordinal).OrderDescending(StringComparer.Ordinal).ToList();
                try
                {
                    if (union.Count > listed.Count)
                    {
                        var row = new TableEntity(DirectoryPartition, group.Key) { ["Buckets"] = string.Join(',', union) };
                        await (current.HasValue
                            ? Manifests.UpdateEntityAsync(row, current.Value!.ETag, TableUpdateMode.Replace, ct)
                            : Manifests.AddEntityAsync(row, ct));
                    }
                    foreach (var bucket in union)
                    {
                        _knownBuckets[group.Key + "|" + bucket] = true;
                    }
                    // This process's readers read the wider directory on their next page.
                    _widenings.AddOrUpdate(group.Key, 1, (_, n) => n + 1);
                    _directories.TryRemove(group.Key, out _);
                    return;
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < DirectoryAttempts)
                {
                    // Another writer widened the directory first: read it again and add what is still missing.
                }
            }
        });
    }

    private static IReadOnlyList<string> Buckets(TableEntity directory) =>
        directory.GetString("Buckets") is { Length: > 0 } text ? text.Split(',') : [];

    private static IEnumerable<(string Partition, string Row)> KeysOf(CvSearchHit entry)
    {
        var row = CvSearchKeys.RowKey(entry);
        return CvSearchKeys.Dimensions(entry).Select(d => (CvSearchKeys.Partition(d, CvSearchKeys.Bucket(d, entry.LastActivity)), row));
    }

    private static string ManifestPartition(string cvId) => "m|" + cvId[..Math.Min(2, cvId.Length)];

    private async Task WriteManifestAsync(string cvId, IEnumerable<(string, string)> keys, CancellationToken cancellationToken) =>
        await Manifests.UpsertEntityAsync(Manifest(cvId, keys), TableUpdateMode.Replace, cancellationToken);

    private static TableEntity Manifest(string cvId, IEnumerable<(string, string)> keys) => new(ManifestPartition(cvId), cvId)
    {
        ["Keys"] = string.Join(Separator, keys.Select(k => k.Item1 + KeyJoin + k.Item2)),
    };

    private static HashSet<(string Partition, string Row)> Keys(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. text.Split(Separator).Select(k => k.Split(KeyJoin)).Select(p => (p[0], p[1]))];

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
