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
/// narrowed after rows are removed (If-Match on its read before the deletes), so a crash part-way never leaves a row
/// the manifest does not know. It also holds the CV's fence (ADR 0045: the sequence of the last narrowing decision;
/// long.MaxValue once erased), and stays when the CV has no rows;</item>
/// <item>pending markers (same table, partition "~pending", row = ticks|CV id|random): one per widening between its
/// listing and its finish, with the keys it writes, and one per narrowing between its fence and its decision's commit
/// (no keys; the sequence it fenced for), for the repair pass;</item>
/// <item>erased CVs (same table, partition "~erased", row = ticks|CV id): for the fence rows' retention (ADR 0045);</item>
/// <item>the one-time sweeps' cursors (same table, partition "~sweep"): where each sweep of the manifests stopped.</item>
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

    /// <summary>Reads and conditional writes of one CV's manifest before a change gives up (the caller fails and is retried).</summary>
    private const int ManifestAttempts = 20;

    /// <summary>The pending markers' partition in the manifest table (ADR 0045): one per widening between its insert and its finish.</summary>
    private const string PendingPartition = "~pending";

    /// <summary>Erased CVs' markers in the manifest table (row = ticks of the erasure|CV id): the fence rows' retention reads them by time.</summary>
    private const string ErasedPartition = "~erased";

    /// <summary>
    /// The one-time sweeps' cursors in the manifest table (ADR 0045, "Manifest rows nothing removed"): one row each, named
    /// for its sweep, so a later sweep of another kind starts from the beginning under its own name.
    /// </summary>
    private const string SweepPartition = "~sweep";

    private static string SweepRow(ManifestSweep sweep) => sweep switch
    {
        ManifestSweep.WithoutRows => "manifests-without-rows-2026-12",
        _ => "manifests-with-rows-2026-12",
    };

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

    /// <summary>
    /// Makes the index hold <paramref name="entry"/>'s rows for the CV (unverified: readers check them against the decision
    /// in force), or none when null. For loading and tests; decisions go through <see cref="SearchIndexProjection"/>.
    /// </summary>
    public async Task ApplyAsync(string registry, string cvId, CvSearchHit? entry, CancellationToken cancellationToken)
    {
        if (entry is null)
        {
            await RemoveAsync(registry, cvId, cancellationToken);
            return;
        }
        if (await BeginAsync(registry, cvId, entry, cancellationToken) is { } write)
        {
            await FinishAsync(await InsertAsync(write, entry, cancellationToken), cancellationToken);
        }
    }

    public async Task<CvSearchWrite?> BeginAsync(string registry, string cvId, CvSearchHit entry, CancellationToken cancellationToken)
    {
        var wanted = KeysOf(entry).ToHashSet();
        await EnsureBucketsAsync(CvSearchKeys.Dimensions(entry).Select(d => (d, CvSearchKeys.Bucket(d, entry.LastActivity))), cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await Manifests.GetEntityIfExistsAsync<TableEntity>(ManifestPartition(cvId), cvId, cancellationToken: cancellationToken);
            var manifest = existing.HasValue ? existing.Value! : null;
            var fence = manifest?.GetInt64("Fence") ?? 0;
            if (fence > entry.Sequence)
            {
                // A later decision narrowed (or the CV was erased): its rows are its own writer's to make.
                return null;
            }
            var old = Keys(manifest?.GetString("Keys"));
            ETag etag;
            try
            {
                // The manifest lists the rows before they land (If-Match: a fence raised since fails this write), so a
                // narrowing's delete, which reads it after its fence, finds every row a writer may still verify.
                etag = wanted.IsSubsetOf(old) ? manifest!.ETag
                    : manifest is null ? (await Manifests.AddEntityAsync(Manifest(cvId, wanted, fence), cancellationToken)).Headers.ETag!.Value
                    : (await Manifests.UpdateEntityAsync(Manifest(cvId, old.Union(wanted), fence), manifest.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag!.Value;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412 && attempt < ManifestAttempts)
            {
                continue;
            }
            var marker = $"{DateTimeOffset.UtcNow.UtcTicks:D19}|{cvId}|{Guid.NewGuid():N}";
            await Manifests.AddEntityAsync(new TableEntity(PendingPartition, marker)
            {
                ["Registry"] = registry,
                ["CvId"] = cvId,
                ["Keys"] = string.Join(Separator, wanted.Select(k => k.Partition + KeyJoin + k.Row)),
            }, cancellationToken);
            return new CvSearchWrite(registry, cvId, entry.Sequence, [.. wanted.Select(k => new CvSearchRowWritten(k.Partition, k.Row, ""))], etag.ToString(), marker,
                LeavesStaleRows: !old.IsSubsetOf(wanted));
        }
    }

    public async Task<CvSearchWrite> InsertAsync(CvSearchWrite write, CvSearchHit entry, CancellationToken cancellationToken)
    {
        var unverified = entry with { Verified = false };
        var rows = new System.Collections.Concurrent.ConcurrentBag<CvSearchRowWritten>();
        // Upsert: a row under the key (another writer's, verified or not) becomes this one, unverified; that writer's
        // verify then fails on the changed ETag instead of marking this content.
        await Parallel.ForEachAsync(write.Rows, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (key, ct) =>
        {
            var response = await storage.Table(ShardOf(key.Partition)).UpsertEntityAsync(Row((key.Partition, key.Row), unverified), TableUpdateMode.Replace, ct);
            rows.Add(key with { ETag = response.Headers.ETag!.Value.ToString() });
        });
        return write with { Rows = [.. rows] };
    }

    public async Task<CvSearchWrite?> TouchAsync(CvSearchWrite write, CancellationToken cancellationToken)
    {
        try
        {
            var touch = new TableEntity(ManifestPartition(write.CvId), write.CvId) { ["Touched"] = DateTimeOffset.UtcNow };
            var response = await Manifests.UpdateEntityAsync(touch, new ETag(write.ManifestETag), TableUpdateMode.Merge, cancellationToken);
            return write with { ManifestETag = response.Headers.ETag!.Value.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task<bool> VerifyAsync(CvSearchWrite write, CancellationToken cancellationToken)
    {
        var lost = 0;
        await Parallel.ForEachAsync(write.Rows, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (row, ct) =>
        {
            try
            {
                await storage.Table(ShardOf(row.Partition)).UpdateEntityAsync(
                    new TableEntity(row.Partition, row.Row) { ["Verified"] = true }, new ETag(row.ETag), TableUpdateMode.Merge, ct);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Deleted by a narrowing, or replaced by another writer: never marked here.
                Interlocked.Increment(ref lost);
            }
        });
        return lost == 0;
    }

    public async Task WithdrawAsync(CvSearchWrite write, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(write.Rows, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (row, ct) =>
        {
            try
            {
                await storage.Table(ShardOf(row.Partition)).DeleteEntityAsync(row.Partition, row.Row, new ETag(row.ETag), ct);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Gone already, or another writer's now.
            }
        });
        await DeleteMarkerAsync(write.Marker, cancellationToken);
    }

    public async Task FinishAsync(CvSearchWrite write, CancellationToken cancellationToken)
    {
        var wanted = write.Rows.Select(r => (r.Partition, r.Row)).ToHashSet();
        // Rows listed since by another writer are that writer's to take out when it finishes.
        for (var attempt = 1; write.LeavesStaleRows && attempt <= ManifestAttempts; attempt++)
        {
            var existing = await Manifests.GetEntityIfExistsAsync<TableEntity>(ManifestPartition(write.CvId), write.CvId, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                break;
            }
            var listed = Keys(existing.Value!.GetString("Keys"));
            var stale = listed.Except(wanted).ToList();
            if (stale.Count == 0)
            {
                break;
            }
            if (await NarrowAsync(existing.Value!, stale, listed.Intersect(wanted), cancellationToken))
            {
                break;
            }
        }
        await DeleteMarkerAsync(write.Marker, cancellationToken);
    }

    public async Task RaiseFenceAsync(string registry, string cvId, long fence, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await Manifests.GetEntityIfExistsAsync<TableEntity>(ManifestPartition(cvId), cvId, cancellationToken: cancellationToken);
            if (existing.HasValue && (existing.Value!.GetInt64("Fence") ?? 0) >= fence)
            {
                return;
            }
            try
            {
                // Merge keeps the listed keys: the delete that follows reads them after this write.
                await (existing.HasValue
                    ? Manifests.UpdateEntityAsync(new TableEntity(ManifestPartition(cvId), cvId) { ["Fence"] = fence }, existing.Value!.ETag, TableUpdateMode.Merge, cancellationToken)
                    : Manifests.AddEntityAsync(Manifest(cvId, [], fence), cancellationToken));
                return;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412 && attempt < ManifestAttempts)
            {
                // A writer changed the manifest since it was read: read it again.
            }
        }
    }

    public async Task<string?> MarkNarrowingAsync(string registry, string cvId, long sequence, CancellationToken cancellationToken)
    {
        var marker = $"{DateTimeOffset.UtcNow.UtcTicks:D19}|{cvId}|{Guid.NewGuid():N}";
        await Manifests.AddEntityAsync(new TableEntity(PendingPartition, marker)
        {
            ["Registry"] = registry,
            ["CvId"] = cvId,
            ["Keys"] = "",
            ["Narrowing"] = sequence,
        }, cancellationToken);
        return marker;
    }

    public async Task ClearNarrowingAsync(string marker, CancellationToken cancellationToken) =>
        await DeleteMarkerAsync(marker, cancellationToken);

    public async Task RemoveAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await Manifests.GetEntityIfExistsAsync<TableEntity>(ManifestPartition(cvId), cvId, cancellationToken: cancellationToken);
            var listed = existing.HasValue ? Keys(existing.Value!.GetString("Keys")) : [];
            if (listed.Count == 0 || await NarrowAsync(existing.Value!, [.. listed], [], cancellationToken))
            {
                return;
            }
            if (attempt == ManifestAttempts)
            {
                throw new InvalidOperationException("The search manifest kept changing while its rows were taken out; the operation will be retried.");
            }
        }
    }

    /// <summary>
    /// Deletes <paramref name="gone"/>'s rows, then lists only <paramref name="kept"/>, If-Match the manifest as read
    /// before the deletes: a writer that listed or touched it since fails this (false; read again), so no row a writer
    /// may still verify ends up unlisted.
    /// </summary>
    private async Task<bool> NarrowAsync(TableEntity manifest, IReadOnlyList<(string Partition, string Row)> gone, IEnumerable<(string, string)> kept, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(gone, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (key, ct) => await DeleteIfExistsAsync(storage.Table(ShardOf(key.Partition)), key.Partition, key.Row, ct));
        try
        {
            var narrowed = new TableEntity(manifest.PartitionKey, manifest.RowKey) { ["Keys"] = string.Join(Separator, kept.Select(k => k.Item1 + KeyJoin + k.Item2)) };
            await Manifests.UpdateEntityAsync(narrowed, manifest.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<CvSearchPending>> PendingAsync(DateTimeOffset olderThan, int take, CancellationToken cancellationToken)
    {
        var found = new List<CvSearchPending>(take);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition} and RowKey lt {olderThan.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}");
        await foreach (var row in Manifests.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: cancellationToken))
        {
            found.Add(new CvSearchPending(row.GetString("Registry"), row.GetString("CvId"), row.RowKey, [.. Keys(row.GetString("Keys"))], row.GetInt64("Narrowing")));
            if (found.Count == take)
            {
                break;
            }
        }
        return found;
    }

    public async Task ClearPendingAsync(CvSearchPending pending, bool withRows, CancellationToken cancellationToken)
    {
        if (withRows)
        {
            await Parallel.ForEachAsync(pending.Rows, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (key, ct) => await DeleteIfExistsAsync(storage.Table(ShardOf(key.Partition)), key.Partition, key.Row, ct));
        }
        await DeleteMarkerAsync(pending.Marker, cancellationToken);
    }

    public async Task RecordErasedAsync(string registry, string cvId, CancellationToken cancellationToken) =>
        await Manifests.UpsertEntityAsync(new TableEntity(ErasedPartition, $"{DateTimeOffset.UtcNow.UtcTicks:D19}|{cvId}")
        {
            ["Registry"] = registry,
            ["CvId"] = cvId,
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<CvSearchErased>> ErasedAsync(DateTimeOffset erasedBefore, int take, CancellationToken cancellationToken)
    {
        var found = new List<CvSearchErased>(take);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ErasedPartition} and RowKey lt {erasedBefore.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}");
        await foreach (var row in Manifests.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: cancellationToken))
        {
            found.Add(new CvSearchErased(row.GetString("Registry"), row.GetString("CvId"), row.RowKey));
            if (found.Count == take)
            {
                break;
            }
        }
        return found;
    }

    public async Task<bool> DropErasedFenceAsync(CvSearchErased erased, bool keepFence, CancellationToken cancellationToken)
    {
        var existing = keepFence ? default : await Manifests.GetEntityIfExistsAsync<TableEntity>(ManifestPartition(erased.CvId), erased.CvId, cancellationToken: cancellationToken);
        if (existing is { HasValue: true } && existing.Value!.GetInt64("Fence") == long.MaxValue)
        {
            if (Keys(existing.Value.GetString("Keys")).Count > 0)
            {
                // Rows listed still (an erasure's removal that did not finish): they go first, the fence on a later pass.
                await RemoveAsync(erased.Registry, erased.CvId, cancellationToken);
                return false;
            }
            try
            {
                await Manifests.DeleteEntityAsync(existing.Value.PartitionKey, existing.Value.RowKey, existing.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                return false;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Gone already.
            }
        }
        else if (existing is { HasValue: true })
        {
            // A fence below the erasure's: a CV recorded when a decision stopped naming it (before a deletion recorded
            // itself with the erasure's fence, ADR 0045 "Replaced CVs deleted later"). Gone now, it is fenced as an erasure fences and recorded again: its row goes after
            // another full retention from this moment, when no writer that read the CV before can still run.
            await RaiseFenceAsync(erased.Registry, erased.CvId, long.MaxValue, cancellationToken);
            await RemoveAsync(erased.Registry, erased.CvId, cancellationToken);
            await RecordErasedAsync(erased.Registry, erased.CvId, cancellationToken);
            await DeleteIfExistsAsync(Manifests, ErasedPartition, erased.Marker, cancellationToken);
            return false;
        }
        await DeleteIfExistsAsync(Manifests, ErasedPartition, erased.Marker, cancellationToken);
        return true;
    }

    public async Task<CvSearchSweepCursor> SweepCursorAsync(ManifestSweep sweep, CancellationToken cancellationToken)
    {
        var row = await Manifests.GetEntityIfExistsAsync<TableEntity>(SweepPartition, SweepRow(sweep), cancellationToken: cancellationToken);
        return row.HasValue
            ? new CvSearchSweepCursor(row.Value!.GetString("Continuation") is { Length: > 0 } next ? next : null, row.Value.GetBoolean("Done") == true)
            : new CvSearchSweepCursor(null, Done: false);
    }

    public async Task SaveSweepCursorAsync(ManifestSweep sweep, CvSearchSweepCursor cursor, CancellationToken cancellationToken) =>
        await Manifests.UpsertEntityAsync(new TableEntity(SweepPartition, SweepRow(sweep))
        {
            ["Continuation"] = cursor.Continuation ?? "",
            ["Done"] = cursor.Done,
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<CvSearchManifestPage> ManifestsAsync(ManifestSweep sweep, string? continuation, int take, CancellationToken cancellationToken)
    {
        // The manifests' partitions ("m|" + two characters) sort between "m|" and "m}"; the table's other partitions
        // ("~buckets", "~pending", "~erased", "~sweep") sort after "m}". A manifest that lists no row holds "" in Keys.
        var filter = sweep == ManifestSweep.WithoutRows
            ? TableClient.CreateQueryFilter($"PartitionKey ge {"m|"} and PartitionKey lt {"m}"} and Keys eq {""}")
            : TableClient.CreateQueryFilter($"PartitionKey ge {"m|"} and PartitionKey lt {"m}"} and Keys ne {""}");
        await foreach (var page in Manifests.QueryAsync<TableEntity>(filter, maxPerPage: take, select: ["RowKey"], cancellationToken: cancellationToken)
            .AsPages(continuation, take))
        {
            // One query a call: the service's page (at most take rows, fewer when its scan stopped) and its continuation.
            return new CvSearchManifestPage([.. page.Values.Select(row => row.RowKey)], page.ContinuationToken);
        }
        return new CvSearchManifestPage([], null);
    }

    private async Task DeleteMarkerAsync(string marker, CancellationToken cancellationToken) =>
        await DeleteIfExistsAsync(Manifests, PendingPartition, marker, cancellationToken);

    private static async Task DeleteIfExistsAsync(TableClient table, string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone already.
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

    private static TableEntity Manifest(string cvId, IEnumerable<(string, string)> keys, long fence = 0) => new(ManifestPartition(cvId), cvId)
    {
        ["Keys"] = string.Join(Separator, keys.Select(k => k.Item1 + KeyJoin + k.Item2)),
        ["Fence"] = fence,
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
        ["Sequence"] = hit.Sequence,
        ["Sections"] = string.Join(',', hit.Sections ?? []),
        ["Verified"] = hit.Verified,
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
        List(row, "Skills"),
        row.GetString("Sections") is { Length: > 0 } sections ? sections.Split(',') : null,
        row.GetInt64("Sequence") ?? 0,
        // A row written before the column, or not verified yet: the reader checks the decision in force.
        row.GetBoolean("Verified") == true);

    private static string[] List(TableEntity row, string name) =>
        row.GetString(name) is { Length: > 0 } text ? text.Split(Separator) : [];
}
