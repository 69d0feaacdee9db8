using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Cvs;

/// <summary>
/// CV documents in Blob storage; the index in Table storage, one partition per registry with three kinds of rows:
/// <c>ext|{externalId}</c> and <c>cv|{cvId}</c> (the same entry, found by either key) and <c>chg|{cvId}</c> (a pending
/// change signal carrying the CV's facts at that version). A commit writes the document first, then all three rows in one transaction, so a crash leaves
/// either the old CV or the new one, never an entry without its document, and never a change without its signal.
/// </summary>
public sealed class TableCvStore(HubStorage storage) : ICvStore, ICvChangeFeed
{
    private const string ExternalPrefix = "ext|";
    internal const string CvPrefix = "cv|";
    private const string ChangePrefix = "chg|";

    private TableClient Table => storage.Table(CvsTables.CvsTable);

    public async Task<StoredCv?> FindByExternalIdAsync(string registry, string externalId, CancellationToken cancellationToken) =>
        await ReadAsync(registry, ExternalPrefix + externalId, cancellationToken);

    /// <summary>
    /// Null without a request when the id is known to belong to another registry (<see cref="CvRegistryCache"/>): an
    /// employer's view asks every registry for the CV.
    /// </summary>
    public async Task<StoredCv?> GetAsync(string registry, string cvId, CancellationToken cancellationToken) =>
        MayBeHere(registry, cvId) ? await ReadAsync(registry, CvPrefix + cvId, cancellationToken) : null;

    /// <summary>
    /// The row by id with the facts its commit wrote on it (ADR 0051). A row committed before that has none: then the
    /// facts projection is read, as the change handler did before (one request more, for such rows only).
    /// </summary>
    public async Task<StoredCv?> GetWithFactsAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        if (!MayBeHere(registry, cvId) || await ReadRowAsync(registry, CvPrefix + cvId, cancellationToken) is not { } row)
        {
            return null;
        }
        var (cv, entity) = row;
        if (CvFactsEntity.IsOn(entity))
        {
            return cv with { Facts = CvFactsEntity.Read(entity, registry, cvId) };
        }
        var projected = await storage.Table(CvsTables.CvFactsTable).GetEntityIfExistsAsync<TableEntity>(registry, cvId, cancellationToken: cancellationToken);
        return projected.HasValue ? cv with { Facts = CvFactsEntity.Read(projected.Value!, registry, cvId) } : cv;
    }

    public async Task<ReadOnlyMemory<byte>> ReadDocumentAsync(StoredCv cv, CancellationToken cancellationToken)
    {
        var download = await storage.Container(CvsTables.CvContainer).GetBlobClient(cv.DocumentName).DownloadContentAsync(cancellationToken);
        return download.Value.Content.ToMemory();
    }

    public async Task<bool> CommitAsync(CvWrite write, StoredCv? previous, CancellationToken cancellationToken)
    {
        var cv = write.Cv;
        storage.CvRegistries.Learn(cv.CvId, cv.Registry);
        await storage.Container(CvsTables.CvContainer).GetBlobClient(cv.DocumentName).UploadAsync(
            BinaryData.FromBytes(write.Document),
            new Azure.Storage.Blobs.Models.BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);

        // The findings are serialized once for both rows of the entry (issue 18: twice per CV before).
        var findings = JsonSerializer.Serialize(cv.NationalIdFindings.ToList(), CvsJson.Default.ListNationalIdFinding);
        var external = ToEntity(cv, ExternalPrefix + cv.ExternalId, findings);
        // The row by id also carries the facts, as the change signal does (ADR 0051): the decision reads them with it.
        var byId = CvFactsEntity.Write(ToEntity(cv, CvPrefix + cv.CvId, findings), write.Facts);
        var change = CvFactsEntity.Write(ChangeEntity(cv.Registry, cv.CvId, cv.Version, CvOperations.Upserted), write.Facts);
        List<TableTransactionAction> actions = previous is null
            ?
            [
                new(TableTransactionActionType.Add, external),
                new(TableTransactionActionType.Add, byId),
                new(TableTransactionActionType.UpsertReplace, change),
            ]
            :
            [
                new(TableTransactionActionType.UpdateReplace, external, ConcurrencyToken.ETagFor(previous, ExternalPrefix)),
                new(TableTransactionActionType.UpdateReplace, byId, ConcurrencyToken.ETagFor(previous, CvPrefix)),
                new(TableTransactionActionType.UpsertReplace, change),
            ];
        if (await TrySubmitAsync(actions, cancellationToken))
        {
            return true;
        }
        if (previous is null)
        {
            // A new CV lost the race for its external id (a registry's retry beside its first request): the document went
            // up under an id no row will ever name, so neither erasure nor export would find it. Its name is this
            // attempt's own (a fresh CV id), so deleting it cannot touch the winner's. A lost update keeps its document:
            // it sits under the CV's id, where the next change or an erasure removes it (ADR 0002).
            await storage.Container(CvsTables.CvContainer).DeleteBlobIfExistsAsync(cv.DocumentName, cancellationToken: cancellationToken);
        }
        return false;
    }

    public async Task<bool> RemoveAsync(StoredCv cv, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Delete, new TableEntity(cv.Registry, CvPrefix + cv.CvId), ConcurrencyToken.ETagFor(cv, CvPrefix)),
            new(TableTransactionActionType.Delete, new TableEntity(cv.Registry, ExternalPrefix + cv.ExternalId), ConcurrencyToken.ETagFor(cv, ExternalPrefix)),
            new(TableTransactionActionType.UpsertReplace, WithCitizen(ChangeEntity(cv.Registry, cv.CvId, cv.Version, CvOperations.Deleted), cv.CitizenId)),
        ];
        return await TrySubmitAsync(actions, cancellationToken);
    }

    public async Task EraseDocumentsAsync(string cvId, int? olderThanVersion, CancellationToken cancellationToken)
    {
        var container = storage.Container(CvsTables.CvContainer);
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = cvId + "/" }, cancellationToken))
        {
            if (olderThanVersion is { } limit && VersionOf(blob.Name) >= limit)
            {
                continue;
            }
            await container.DeleteBlobIfExistsAsync(blob.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
    }

    /// <summary>A scan of the registry's partition by the CitizenId column: erasure is rare, and no other read needs a citizen index.</summary>
    public async Task<IReadOnlyList<string>> CvIdsOfCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {registry} and CitizenId eq {citizenId}"),
            maxPerPage: 1000, select: ["RowKey", "CvId"], cancellationToken: cancellationToken))
        {
            ids.Add(row.GetString("CvId") ?? row.RowKey[(row.RowKey.IndexOf('|', StringComparison.Ordinal) + 1)..]);
        }
        return [.. ids];
    }

    public async IAsyncEnumerable<(int Version, ReadOnlyMemory<byte> Document)> DocumentsAsync(
        string cvId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = storage.Container(CvsTables.CvContainer);
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = cvId + "/" }, cancellationToken))
        {
            var download = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
            yield return (VersionOf(blob.Name), download.Value.Content.ToMemory());
        }
    }

    public async Task EraseCvAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        // The change signal goes too: handled later it would decide the erased citizen's visibility again.
        var rows = await TableErasure.KeysAsync(Table, TableClient.CreateQueryFilter($"PartitionKey eq {registry} and CvId eq {cvId}"), cancellationToken);
        rows.Add((registry, CvPrefix + cvId));
        rows.Add((registry, ChangePrefix + cvId));
        await TableErasure.DeleteAsync(Table, rows, cancellationToken);
        await EraseDocumentsAsync(cvId, olderThanVersion: null, cancellationToken);
        await EraseBlobVersionsAsync(storage.Container(CvsTables.CvContainer), cvId, cancellationToken);
    }

    /// <summary>
    /// The container is versioned in Azure (infra/main.bicep): deleting a blob keeps its earlier versions, so erasure
    /// deletes each version as well. Azurite keeps no versions and may refuse the listing; nothing is left to delete then.
    /// The orphan sweep (<see cref="CvOrphanDocumentSweep"/>) deletes an orphan's versions the same way.
    /// </summary>
    internal static async Task EraseBlobVersionsAsync(Azure.Storage.Blobs.BlobContainerClient container, string cvId, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = cvId + "/", States = BlobStates.Version }, cancellationToken))
            {
                if (blob.VersionId is { } version)
                {
                    await container.GetBlobClient(blob.Name).WithVersion(version).DeleteIfExistsAsync(cancellationToken: cancellationToken);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status is 400 or 403 or 501)
        {
            // Versions are not supported by this service (Azurite): there are none.
        }
    }

    public async Task<IReadOnlyList<PendingCvChange>> ReadPendingAsync(string registry, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey ge {ChangePrefix} and RowKey lt {"chg}"}");
        var result = new List<PendingCvChange>(max);
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            var cvId = entity.RowKey[ChangePrefix.Length..];
            var operation = entity.GetString("Operation") ?? CvOperations.Upserted;
            result.Add(new PendingCvChange(
                cvId,
                entity.GetInt32("Version") ?? 0,
                operation,
                entity.ETag.ToString(),
                operation == CvOperations.Upserted ? CvFactsEntity.Read(entity, registry, cvId) : null,
                entity.GetString("CitizenId"),
                entity.GetString("TraceParent")));
            if (result.Count == max)
            {
                break;
            }
        }
        return result;
    }

    public async Task AcknowledgeAsync(string registry, IReadOnlyList<PendingCvChange> changes, CancellationToken cancellationToken)
    {
        foreach (var chunk in changes.Chunk(100))
        {
            var actions = chunk.Select(c => new TableTransactionAction(
                TableTransactionActionType.Delete, new TableEntity(registry, ChangePrefix + c.CvId), new ETag(c.ETag))).ToList();
            if (await TrySubmitAsync(actions, cancellationToken))
            {
                continue;
            }
            // Some signal was rewritten by a newer commit since it was read: keep that one, remove the rest.
            foreach (var c in chunk)
            {
                try
                {
                    await Table.DeleteEntityAsync(registry, ChangePrefix + c.CvId, new ETag(c.ETag), cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status is 404 or 412)
                {
                    // Gone already, or rewritten by a newer commit that will be sent on its own.
                }
            }
        }
    }

    private async Task<bool> TrySubmitAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            storage.Signals.CvChanges.Signal();
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    private async Task<StoredCv?> ReadAsync(string registry, string rowKey, CancellationToken cancellationToken) =>
        (await ReadRowAsync(registry, rowKey, cancellationToken))?.Cv;

    /// <summary>One row of an entry, and the CV it holds (its registry learnt for the id); null when there is none.</summary>
    private async Task<(StoredCv Cv, TableEntity Entity)?> ReadRowAsync(string registry, string rowKey, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(registry, rowKey, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }
        var cv = FromEntity(response.Value!);
        storage.CvRegistries.Learn(cv.CvId, cv.Registry);
        return (cv, response.Value!);
    }

    /// <summary>Whether a CV of this id can be in this registry's partition (a hub id, not known to live elsewhere).</summary>
    private bool MayBeHere(string registry, string cvId) => HubIds.IsRandomId(cvId) && !storage.CvRegistries.BelongsElsewhere(cvId, registry);

    /// <summary>
    /// The entry is stored twice (by external id and by CV id), each row with its own ETag. The token handed out names
    /// the row it was read from, so a conditional write checks that row, whichever way the entry was found; the twin row,
    /// written only together with it, follows unconditionally.
    /// </summary>
    private static class ConcurrencyToken
    {
        public static string Create(TableEntity entity) => entity.RowKey[..(entity.RowKey.IndexOf('|', StringComparison.Ordinal) + 1)] + entity.ETag;

        public static ETag ETagFor(StoredCv cv, string rowPrefix)
        {
            var token = cv.ETag ?? throw new InvalidOperationException("A stored CV without a concurrency token cannot be written conditionally.");
            return token.StartsWith(rowPrefix, StringComparison.Ordinal) ? new ETag(token[rowPrefix.Length..]) : ETag.All;
        }
    }

    private static TableEntity WithCitizen(TableEntity entity, string citizenId)
    {
        entity["CitizenId"] = citizenId;
        return entity;
    }

    private static TableEntity ChangeEntity(string registry, string cvId, int version, string operation)
    {
        var entity = new TableEntity(registry, ChangePrefix + cvId)
        {
            ["Version"] = version,
            ["Operation"] = operation,
        };
        // The committing request's trace context: the page that carries this change links to it (issue 17).
        if (Core.Telemetry.HubTelemetry.CurrentTraceParent() is { } traceParent)
        {
            entity["TraceParent"] = traceParent;
        }
        return entity;
    }

    private static TableEntity ToEntity(StoredCv cv, string rowKey, string nationalIdFindings) => new(cv.Registry, rowKey)
    {
        ["CvId"] = cv.CvId,
        ["ExternalId"] = cv.ExternalId,
        ["CitizenId"] = cv.CitizenId,
        ["Version"] = cv.Version,
        ["ContentHash"] = cv.ContentHash,
        ["DocumentName"] = cv.DocumentName,
        ["UpdatedAt"] = cv.UpdatedAt,
        ["NationalIdFindings"] = nationalIdFindings,
    };

    private static StoredCv FromEntity(TableEntity entity) => new()
    {
        Registry = entity.PartitionKey,
        CvId = entity.GetString("CvId"),
        ExternalId = entity.GetString("ExternalId"),
        CitizenId = entity.GetString("CitizenId"),
        Version = entity.GetInt32("Version") ?? 0,
        ContentHash = entity.GetString("ContentHash"),
        DocumentName = entity.GetString("DocumentName"),
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        NationalIdFindings = JsonSerializer.Deserialize(entity.GetString("NationalIdFindings") ?? "[]", CvsJson.Default.ListNationalIdFinding) ?? [],
        ETag = ConcurrencyToken.Create(entity),
    };

    private static int VersionOf(string blobName)
    {
        // "{cvId}/v000003-{hash}.json"
        var slash = blobName.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 && blobName.Length > slash + 8 && blobName[slash + 1] == 'v'
               && int.TryParse(blobName.AsSpan(slash + 2, 6), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : int.MaxValue;
    }
}
