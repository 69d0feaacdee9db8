using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Cvs;

/// <summary>
/// CV documents that no row names (ADR 0002). A new CV's document goes up under a fresh id before the transaction that
/// writes its rows; a process that dies in between leaves it where erasure and export, which find a citizen's CVs through
/// the rows, never look. The retention purge calls this sweep: it lists the container in name order, a page at a time,
/// from a cursor kept in the Cvs table (partition "~sweep", row "orphan-documents"), checks the page's CV ids with one
/// RowKey-only range read of "cv|{first}".."cv|{last}" per configured registry, and deletes (versions too) the documents
/// of each id that no registry names once every blob of the id is older than the grace. Ids of another shape are left
/// alone. A cycle over the container starts at most once per interval; between cycles a call costs one point read.
/// Orphans come from crashes, so they are rare: a page on which more than <see cref="MaxOrphanShare"/> of the ids checked
/// (and more than <see cref="OrphanFloor"/>) have no row is taken for a registry missing from the configuration, not for
/// crashes. The sweep then deletes nothing, stays on that page and says so (<see cref="Result.Stopped"/>), until the
/// configuration names the registry again or the documents are dealt with.
/// </summary>
public sealed class CvOrphanDocumentSweep(HubStorage storage)
{
    private const string CursorPartition = "~sweep";
    private const string CursorRow = "orphan-documents";

    /// <summary>The share of a page's checked ids above which the page's orphans are not believed (see the summary).</summary>
    public const double MaxOrphanShare = 0.05;

    /// <summary>So many orphans on a page are believed whatever the share (a small page, a burst of crashes).</summary>
    public const int OrphanFloor = 20;

    /// <summary>
    /// What one call did: documents (current blobs) deleted, batches of the budget used, and whether it stopped at a page
    /// whose orphans were too many to be crashes' (nothing of that page deleted).
    /// </summary>
    public readonly record struct Result(long Documents, int Batches, bool Stopped = false);

    /// <summary>
    /// Up to <paramref name="maxBatches"/> pages, each one batch, and one batch more per 100 orphan ids deleted from it.
    /// Nothing without a registry to check against: an id no configured registry can be asked about is never an orphan.
    /// </summary>
    public async Task<Result> SweepAsync(
        IReadOnlyCollection<string> registries, DateTimeOffset now, TimeSpan grace, TimeSpan interval, int pageSize, int maxBatches, CancellationToken cancellationToken)
    {
        if (registries.Count == 0 || maxBatches <= 0)
        {
            return default;
        }
        var table = storage.Table(CvsTables.CvsTable);
        var container = storage.Container(CvsTables.CvContainer);
        var stored = await table.GetEntityIfExistsAsync<TableEntity>(CursorPartition, CursorRow, cancellationToken: cancellationToken);
        var cursor = stored.HasValue ? Cursor.From(stored.Value!) : Cursor.Start;
        if (cursor.AtStart && cursor.NextCycleAt is { } due && due > now)
        {
            return default;
        }
        var cycleStartedAt = cursor.AtStart ? now : cursor.CycleStartedAt ?? now;
        var (continuation, last) = (cursor.Continuation, cursor.AtStart ? "" : cursor.Last);
        var (documents, batches) = (0L, 0);
        var (ended, stopped) = (false, false);
        while (batches < maxBatches)
        {
            var (pageContinuation, pageLast) = (continuation, last);
            Page<BlobItem>? page;
            try
            {
                page = await PageAsync(container, continuation, pageSize, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 400 && continuation is not null)
            {
                // A continuation the service no longer takes would stop every later pass here: the cycle starts over.
                (continuation, last) = (null, "");
                page = await PageAsync(container, null, pageSize, cancellationToken);
            }
            batches++;
            var next = page?.ContinuationToken is { Length: > 0 } token ? token : null;
            var groups = GroupsAfter(page?.Values ?? [], last);
            if (next is not null && groups.Count > 0)
            {
                // The page's last CV id may go on in the next page: its blobs are listed whole here, and the next page skips it.
                groups[^1] = (groups[^1].CvId, await ListAsync(container, groups[^1].CvId, cancellationToken));
            }
            var (deleted, orphans) = await DeleteOrphansAsync(container, table, registries, groups, now - grace, cancellationToken);
            if (deleted < 0)
            {
                // Too many to be crashes' (see the summary): the cursor stays before this page.
                (continuation, last, stopped) = (pageContinuation, pageLast, true);
                break;
            }
            documents += deleted;
            batches += (int)((orphans + BatchDelete.MaxBatch - 1) / BatchDelete.MaxBatch);
            if (groups.Count > 0)
            {
                last = groups[^1].CvId;
            }
            continuation = next;
            if (next is null)
            {
                ended = true;
                break;
            }
        }
        var saved = ended
            ? new Cursor(null, "", cycleStartedAt, cycleStartedAt + interval)
            : new Cursor(continuation, last, cycleStartedAt, null);
        await table.UpsertEntityAsync(saved.ToEntity(), TableUpdateMode.Replace, cancellationToken);
        return new Result(documents, batches, stopped);
    }

    /// <summary>The page's blobs by CV id in name order, leaving out ids up to <paramref name="last"/> (decided whole on the page before) and names not "{cvId}/...".</summary>
    private static List<(string CvId, IReadOnlyList<BlobItem> Blobs)> GroupsAfter(IReadOnlyList<BlobItem> blobs, string last)
    {
        var groups = new List<(string CvId, IReadOnlyList<BlobItem> Blobs)>();
        foreach (var blob in blobs)
        {
            var slash = blob.Name.IndexOf('/', StringComparison.Ordinal);
            var cvId = slash > 0 ? blob.Name[..slash] : null;
            if (!HubIds.IsRandomId(cvId) || string.CompareOrdinal(cvId, last) <= 0)
            {
                continue;
            }
            if (groups.Count > 0 && groups[^1].CvId == cvId)
            {
                ((List<BlobItem>)groups[^1].Blobs).Add(blob);
            }
            else
            {
                groups.Add((cvId!, new List<BlobItem> { blob }));
            }
        }
        return groups;
    }

    private static async Task<Page<BlobItem>?> PageAsync(BlobContainerClient container, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        await foreach (var page in container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken).AsPages(continuation, pageSize))
        {
            return page;
        }
        return null;
    }

    private static async Task<IReadOnlyList<BlobItem>> ListAsync(BlobContainerClient container, string cvId, CancellationToken cancellationToken)
    {
        var blobs = new List<BlobItem>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = cvId + "/" }, cancellationToken))
        {
            blobs.Add(blob);
        }
        return blobs;
    }

    /// <summary>
    /// Ids whose every blob was last written before <paramref name="cutoff"/> are checked against the registries' "cv|"
    /// rows, one range read each over the page's span; those no registry names lose their blobs. An id with a younger blob
    /// may be a commit in flight and is left to the next cycle. Answers (documents deleted, ids deleted), or (-1, ids
    /// found) without deleting when the orphans are too many of the ids checked to be crashes'.
    /// </summary>
    private static async Task<(long Documents, long CvIds)> DeleteOrphansAsync(
        BlobContainerClient container, TableClient table, IReadOnlyCollection<string> registries,
        List<(string CvId, IReadOnlyList<BlobItem> Blobs)> groups, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var candidates = groups.Where(g => g.Blobs.Count > 0 && g.Blobs.All(b => b.Properties.LastModified is { } written && written < cutoff)).ToList();
        if (candidates.Count == 0)
        {
            return (0, 0);
        }
        var named = new HashSet<string>(StringComparer.Ordinal);
        var (from, to) = (TableCvStore.CvPrefix + candidates[0].CvId, TableCvStore.CvPrefix + candidates[^1].CvId);
        foreach (var registry in registries)
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey ge {from} and RowKey le {to}"),
                maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                named.Add(row.RowKey[TableCvStore.CvPrefix.Length..]);
            }
        }
        var orphans = candidates.Where(c => !named.Contains(c.CvId)).ToList();
        if (orphans.Count > OrphanFloor && orphans.Count > MaxOrphanShare * candidates.Count)
        {
            return (-1, orphans.Count);
        }
        var (documents, ids) = (0L, 0L);
        foreach (var (cvId, blobs) in orphans)
        {
            foreach (var blob in blobs)
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            }
            await TableCvStore.EraseBlobVersionsAsync(container, cvId, cancellationToken);
            documents += blobs.Count;
            ids++;
        }
        return (documents, ids);
    }

    /// <summary>
    /// Where the sweep stands: the listing's continuation (null at the start of a cycle), the last CV id decided, when the
    /// cycle began, and, at the start, when the next cycle may begin.
    /// </summary>
    private sealed record Cursor(string? Continuation, string Last, DateTimeOffset? CycleStartedAt, DateTimeOffset? NextCycleAt)
    {
        public static Cursor Start { get; } = new(null, "", null, null);

        public bool AtStart => Continuation is null;

        public static Cursor From(TableEntity row) => new(
            row.GetString("Continuation") is { Length: > 0 } continuation ? continuation : null,
            row.GetString("Last") ?? "",
            row.GetDateTimeOffset("CycleStartedAt"),
            row.GetDateTimeOffset("NextCycleAt"));

        public TableEntity ToEntity()
        {
            var row = new TableEntity(CursorPartition, CursorRow) { ["Continuation"] = Continuation ?? "", ["Last"] = Last };
            if (CycleStartedAt is { } started)
            {
                row["CycleStartedAt"] = started;
            }
            if (NextCycleAt is { } next)
            {
                row["NextCycleAt"] = next;
            }
            return row;
        }
    }
}
