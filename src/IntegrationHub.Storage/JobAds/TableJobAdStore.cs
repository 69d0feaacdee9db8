using System.IO.Compression;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.JobAds;

/// <summary>
/// Table "JobAds", partition = the client (recruitment system) the ads belong to, so that an ad, its board states, their
/// delivery signals and their outbound events commit together. Rows: <c>ad|{adId}</c> (the sanitised ad, gzip JSON),
/// <c>ref|{reference}</c> (idempotency: the client's reference -> ad id), <c>st|{adId}|{board}</c> (state on one board,
/// ETag-guarded), <c>q|{board}|{adId}</c> (a delivery signal for the pump), <c>w|{board}|{due ticks}|{adId}</c> (a signal
/// held back to the board's status pace, read in due order once due), outbox rows <c>~out|{adId}.{board}|...</c>
/// and EURES' vacancy index <c>eu|...</c> (see <see cref="TableEuresVacancyIndex"/>).
/// </summary>
public sealed class TableJobAdStore(HubStorage storage, TimeProvider clock) : IJobAdStore
{
    private const int MaxBatch = 100;
    private const int ReadConcurrency = 16;

    private TableClient Table => storage.Table(JobAdsTables.JobAdsTable);

    public async Task<StoredJobAd?> FindByReferenceAsync(string client, string reference, CancellationToken cancellationToken)
    {
        var index = await Table.GetEntityIfExistsAsync<TableEntity>(client, "ref|" + reference, cancellationToken: cancellationToken);
        return index.HasValue ? await GetAsync(client, index.Value!.GetString("AdId"), cancellationToken) : null;
    }

    public async Task<StoredJobAd?> GetAsync(string client, string adId, CancellationToken cancellationToken)
    {
        if (!HubIds.IsRandomId(adId))
        {
            return null;
        }
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(client, "ad|" + adId, cancellationToken: cancellationToken);
        return row.HasValue ? ReadAd(row.Value!) : null;
    }

    public async Task<IReadOnlyList<StoredJobAd>> GetManyAsync(string client, IReadOnlyList<string> adIds, CancellationToken cancellationToken)
    {
        var found = new StoredJobAd?[adIds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, adIds.Count), new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = await GetAsync(client, adIds[i], ct));
        return [.. found.OfType<StoredJobAd>()];
    }

    public async Task<IReadOnlyList<BoardDelivery>> DeliveriesAsync(string client, string adId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey gt {"st|" + adId + "|"} and RowKey lt {"st|" + adId + "}"}");
        var result = new List<BoardDelivery>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ReadDelivery(row));
        }
        return result;
    }

    public async Task<IReadOnlyList<BoardDelivery>> DeliveriesAsync(string client, string board, IReadOnlyList<string> adIds, CancellationToken cancellationToken)
    {
        var found = new BoardDelivery?[adIds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, adIds.Count), new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var row = await Table.GetEntityIfExistsAsync<TableEntity>(client, StatusKey(adIds[i], board), cancellationToken: ct);
                found[i] = row.HasValue ? ReadDelivery(row.Value!) : null;
            });
        return [.. found.OfType<BoardDelivery>()];
    }

    public async Task<bool> CommitAsync(StoredJobAd ad, StoredJobAd? previous, IReadOnlyList<DeliveryChange> changes, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        var adRow = WriteAd(ad);
        if (previous is null)
        {
            actions.Add(new(TableTransactionActionType.Add, adRow));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(ad.Client, "ref|" + ad.Reference) { ["AdId"] = ad.AdId }));
        }
        else
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, adRow, new ETag(previous.ETag!)));
        }
        foreach (var change in changes)
        {
            actions.AddRange(Actions(change));
        }
        if (actions.Count > MaxBatch)
        {
            throw new InvalidOperationException($"A job-ad commit needs {actions.Count} table operations; one transaction takes {MaxBatch}.");
        }
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            storage.Signals.Outbox.Signal();
            storage.Signals.JobAdDeliveries.Signal();
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<DeliveryChange>> UpdateDeliveriesAsync(string client, IReadOnlyList<DeliveryChange> changes, CancellationToken cancellationToken)
    {
        var lost = new List<DeliveryChange>();
        var batch = new List<DeliveryChange>();
        var size = 0;
        foreach (var change in changes)
        {
            var count = Actions(change).Count();
            if (size + count > MaxBatch)
            {
                lost.AddRange(await SubmitAsync(batch, cancellationToken));
                batch = [];
                size = 0;
            }
            batch.Add(change);
            size += count;
        }
        lost.AddRange(await SubmitAsync(batch, cancellationToken));
        return lost;
    }

    private async Task<List<DeliveryChange>> SubmitAsync(List<DeliveryChange> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }
        try
        {
            await Table.SubmitTransactionAsync(batch.SelectMany(Actions), cancellationToken);
            storage.Signals.Outbox.Signal();
            storage.Signals.JobAdDeliveries.Signal();
            return [];
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            if (batch.Count == 1)
            {
                return batch;
            }
        }
        // One of them lost to a concurrent writer: the others are written one by one.
        var lost = new List<DeliveryChange>();
        foreach (var change in batch)
        {
            lost.AddRange(await SubmitAsync([change], cancellationToken));
        }
        return lost;
    }

    public async Task<IReadOnlyList<PendingDelivery>> ReadPendingAsync(string client, string board, int max, CancellationToken cancellationToken)
    {
        var result = new List<PendingDelivery>(max);
        var prefix = SignalPrefix(board);
        await foreach (var row in Table.QueryAsync<TableEntity>(RangeFilter(client, prefix, "q|" + board + "}"), maxPerPage: max, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            result.Add(new PendingDelivery(row.RowKey[prefix.Length..], row.ETag.ToString()));
            if (result.Count == max)
            {
                return result;
            }
        }
        // Deferred signals in due order, only those already due: the range ends at now, so waiting ones are never read.
        var deferred = DeferredPrefix(board);
        var dueBy = deferred + (clock.GetUtcNow().UtcTicks + 1).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        await foreach (var row in Table.QueryAsync<TableEntity>(RangeFilter(client, deferred, dueBy), maxPerPage: max - result.Count, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var (due, adId) = ParseDeferred(row.RowKey, deferred.Length);
            result.Add(new PendingDelivery(adId, row.ETag.ToString(), due));
            if (result.Count == max)
            {
                break;
            }
        }
        return result;
    }

    public async Task AcknowledgeAsync(string client, string board, IReadOnlyList<PendingDelivery> sent, CancellationToken cancellationToken)
    {
        foreach (var chunk in sent.Chunk(MaxBatch))
        {
            try
            {
                await Table.SubmitTransactionAsync(chunk.Select(p => new TableTransactionAction(
                    TableTransactionActionType.Delete, new TableEntity(client, SignalKey(board, p.AdId, p.DueAt)), new ETag(p.ETag))), cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
            {
                // A signal was written again meanwhile (it stays for the next page) or is gone: delete the rest one by one.
                foreach (var p in chunk)
                {
                    try
                    {
                        await Table.DeleteEntityAsync(client, SignalKey(board, p.AdId, p.DueAt), new ETag(p.ETag), cancellationToken);
                    }
                    catch (RequestFailedException inner) when (inner.Status is 412 or 404)
                    {
                        // Written again: keep it.
                    }
                }
            }
        }
    }

    public async Task DeferAsync(string client, string board, IReadOnlyList<(string AdId, DateTimeOffset DueAt)> deferrals, CancellationToken cancellationToken)
    {
        foreach (var chunk in deferrals.Chunk(MaxBatch))
        {
            await Table.SubmitTransactionAsync(chunk.Select(d => new TableTransactionAction(
                TableTransactionActionType.UpsertReplace, new TableEntity(client, SignalKey(board, d.AdId, d.DueAt)))), cancellationToken);
        }
    }

    public async Task<IReadOnlyList<string>> ExpiredAsync(string client, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey ge {"ad|"} and RowKey lt {"ad}"} and Withdrawn eq {false} and Expires le {now}");
        var result = new List<string>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            result.Add(row.RowKey["ad|".Length..]);
            if (result.Count == max)
            {
                break;
            }
        }
        return result;
    }

    private static IEnumerable<TableTransactionAction> Actions(DeliveryChange change)
    {
        var next = change.Next;
        var row = WriteDelivery(next);
        yield return change.Previous?.ETag is { } etag
            ? new(TableTransactionActionType.UpdateReplace, row, new ETag(etag))
            : new(TableTransactionActionType.Add, row);
        if (change.Enqueue)
        {
            yield return new(TableTransactionActionType.UpsertReplace, new TableEntity(next.Client, SignalKey(next.Board, next.AdId, change.NotBefore)) { ["Sequence"] = next.Sequence });
        }
        for (var i = 0; i < change.Events.Count; i++)
        {
            yield return OutboxRows.Add(next.Client, $"{next.AdId}.{next.Board}", next.Sequence, i, change.Events[i]);
        }
        foreach (var action in TableEuresVacancyIndex.Actions(change))
        {
            yield return action;
        }
    }

    internal static string StatusKey(string adId, string board) => $"st|{adId}|{board}";

    private static string SignalPrefix(string board) => $"q|{board}|";

    private static string DeferredPrefix(string board) => $"w|{board}|";

    internal static string SignalKey(string board, string adId, DateTimeOffset? dueAt) => dueAt is { } due
        ? DeferredPrefix(board) + due.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "|" + adId
        : SignalPrefix(board) + adId;

    private static (DateTimeOffset Due, string AdId) ParseDeferred(string rowKey, int prefixLength) =>
        (new DateTimeOffset(long.Parse(rowKey.AsSpan(prefixLength, 19), System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero), rowKey[(prefixLength + 20)..]);

    private static string RangeFilter(string client, string from, string before) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey ge {from} and RowKey lt {before}");

    private static TableEntity WriteAd(StoredJobAd ad)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, ad.Ad, JobAdsJson.Default.JobAdDocument);
        }
        if (buffer.Length > 60 * 1024)
        {
            throw new InvalidOperationException($"Job ad {ad.AdId} compresses to {buffer.Length} bytes; a table property holds 64 KB.");
        }
        return new TableEntity(ad.Client, "ad|" + ad.AdId)
        {
            ["Reference"] = ad.Reference,
            ["Version"] = ad.Version,
            ["ContentHash"] = ad.ContentHash,
            ["Ad"] = buffer.ToArray(),
            ["Expires"] = ad.Ad.Expires,
            ["Withdrawn"] = ad.Withdrawn,
            ["UpdatedAt"] = ad.UpdatedAt,
        };
    }

    private static StoredJobAd ReadAd(TableEntity row)
    {
        using var gzip = new GZipStream(new MemoryStream(row.GetBinary("Ad")), CompressionMode.Decompress);
        return new StoredJobAd
        {
            Client = row.PartitionKey,
            AdId = row.RowKey["ad|".Length..],
            Reference = row.GetString("Reference"),
            Version = row.GetInt32("Version") ?? 0,
            ContentHash = row.GetString("ContentHash"),
            Ad = JsonSerializer.Deserialize(gzip, JobAdsJson.Default.JobAdDocument)!,
            Withdrawn = row.GetBoolean("Withdrawn") ?? false,
            UpdatedAt = row.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
            ETag = row.ETag.ToString(),
        };
    }

    private static TableEntity WriteDelivery(BoardDelivery d) => new(d.Client, StatusKey(d.AdId, d.Board))
    {
        ["Desired"] = d.Desired.ToString(),
        ["Status"] = d.Status.ToString(),
        ["Version"] = d.Version,
        ["RenderingHash"] = d.RenderingHash,
        ["SentHash"] = d.SentHash,
        ["BoardReference"] = d.BoardReference,
        ["Reason"] = d.Reason,
        ["PublishStatus"] = d.PublishStatus,
        ["LastError"] = d.LastError,
        ["Attempts"] = d.Attempts,
        ["Sequence"] = d.Sequence,
        ["UpdatedAt"] = d.UpdatedAt,
        ["PublishedSince"] = d.PublishedSince,
    };

    internal static BoardDelivery ReadDelivery(TableEntity row)
    {
        var key = row.RowKey.Split('|');
        return new BoardDelivery
        {
            Client = row.PartitionKey,
            AdId = key[1],
            Board = key[2],
            Desired = Enum.Parse<DesiredState>(row.GetString("Desired")),
            Status = Enum.Parse<DeliveryStatus>(row.GetString("Status")),
            Version = row.GetInt32("Version") ?? 0,
            RenderingHash = row.GetString("RenderingHash"),
            SentHash = row.GetString("SentHash"),
            BoardReference = row.GetString("BoardReference"),
            Reason = row.GetString("Reason"),
            PublishStatus = row.GetString("PublishStatus"),
            LastError = row.GetString("LastError"),
            Attempts = row.GetInt32("Attempts") ?? 0,
            Sequence = row.GetInt64("Sequence") ?? 0,
            UpdatedAt = row.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
            PublishedSince = row.GetDateTimeOffset("PublishedSince"),
            ETag = row.ETag.ToString(),
        };
    }
}
