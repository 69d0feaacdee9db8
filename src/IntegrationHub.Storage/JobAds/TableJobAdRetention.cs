using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.Storage.JobAds;

/// <summary>
/// The retention of table "JobAds" (ADR 0050), one recruitment system's partition at a time. EURES' change rows go by
/// their time-ordered key (<see cref="TableEuresVacancyIndex.ChangesBefore"/>); an ad goes with its reference and board
/// states once it was withdrawn (by its system or, at <c>expires</c>, by the expiry timer) before the cutoff, every board
/// has settled, no delivery signal waits and its events have left through the outbox. Ads are deleted several to a
/// transaction, each ad's rows guarded by the ETags just read, so an ad submitted again meanwhile stays. A signal the
/// pump deferred to a board's status pace (<c>w|{board}|{due}|{adId}</c>, keyed by due time, so not found by the ad's id)
/// goes with its ad: the partition's deferred range is read once per call, keys only, when the first ad is to go.
/// </summary>
public sealed class TableJobAdRetention(HubStorage storage) : IJobAdRetention
{
    private const string AdPrefix = "ad|";

    /// <summary>Deferred delivery signals (<see cref="TableJobAdStore.SignalKey"/> with a due time).</summary>
    private const string DeferredPrefix = "w|";

    private TableClient Table => storage.Table(JobAdsTables.JobAdsTable);

    public async Task<JobAdPurge> PurgeClosedAsync(string client, DateTimeOffset cutoff, int maxBatches, CancellationToken cancellationToken)
    {
        var (changes, batches) = await BatchDelete.DeleteMatchingAsync(Table, client, TableEuresVacancyIndex.ChangesBefore(client, cutoff), maxBatches, cancellationToken);
        var (ads, rows) = (0L, 0L);
        var pending = new List<List<TableTransactionAction>>();
        Dictionary<string, List<TableEntity>>? deferred = null;
        // The ads' own properties, not their documents (up to 60 KB each): what decides is withdrawn and when.
        var closed = TableClient.CreateQueryFilter(
            $"PartitionKey eq {client} and RowKey ge {AdPrefix} and RowKey lt {"ad}"} and Withdrawn eq {true} and UpdatedAt lt {cutoff}");
        await foreach (var row in Table.QueryAsync<TableEntity>(closed, maxPerPage: BatchDelete.MaxBatch, select: ["RowKey", "Reference", "UpdatedAt"], cancellationToken: cancellationToken))
        {
            if (batches >= maxBatches)
            {
                break;
            }
            if (await RowsOfSettledAdAsync(client, row, cutoff, cancellationToken) is not { } actions)
            {
                continue;
            }
            // ADR 0050 left these for the pump to drop (it finds no state and acknowledges them); they go with the ad now.
            deferred ??= await DeferredSignalsAsync(client, cancellationToken);
            if (deferred.TryGetValue(row.RowKey[AdPrefix.Length..], out var signals))
            {
                actions.AddRange(signals.Select(s => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(client, s.RowKey), s.ETag)));
            }
            if (pending.Sum(p => p.Count) + actions.Count > BatchDelete.MaxBatch)
            {
                var (done, removed) = await SubmitAsync(pending, cancellationToken);
                (ads, rows, batches) = (ads + done, rows + removed, batches + 1);
                pending.Clear();
            }
            pending.Add(actions);
        }
        if (pending.Count > 0 && batches < maxBatches)
        {
            var (done, removed) = await SubmitAsync(pending, cancellationToken);
            (ads, rows, batches) = (ads + done, rows + removed, batches + 1);
        }
        return new JobAdPurge(ads, rows, changes, batches);
    }

    /// <summary>The deletes of every row of the ad, or null while anything of it is still in flight.</summary>
    private async Task<List<TableTransactionAction>?> RowsOfSettledAdAsync(string client, TableEntity ad, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var adId = ad.RowKey[AdPrefix.Length..];
        var statesRead = ReadAsync(Range(client, $"st|{adId}|", $"st|{adId}}}"), null, cancellationToken);
        // Events of the ad's boards not yet published ("~out|{adId}.{board}|..."): the relay has not taken them yet.
        var outboxRead = ReadAsync(Range(client, $"{OutboxRows.Prefix}{adId}.", $"{OutboxRows.Prefix}{adId}/"), 1, cancellationToken);
        var referenceRead = ad.GetString("Reference") is { } reference
            ? Table.GetEntityIfExistsAsync<TableEntity>(client, "ref|" + reference, cancellationToken: cancellationToken)
            : null;
        var states = await statesRead;
        var deliveries = states.Select(TableJobAdStore.ReadDelivery).ToList();
        // Settled: withdrawn everywhere it was (or refused, or given up on), and no board's state newer than the cutoff.
        if ((await outboxRead).Count > 0 || deliveries.Any(d => d.Desired != DesiredState.Withdrawn
                || d.Status is not (DeliveryStatus.Withdrawn or DeliveryStatus.Rejected or DeliveryStatus.Failed) || d.UpdatedAt >= cutoff))
        {
            return null;
        }
        foreach (var board in deliveries.Select(d => d.Board))
        {
            if ((await Table.GetEntityIfExistsAsync<TableEntity>(client, TableJobAdStore.SignalKey(board, adId, null), select: ["RowKey"], cancellationToken: cancellationToken)).HasValue)
            {
                return null;
            }
        }
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Delete, new TableEntity(client, ad.RowKey), ad.ETag) };
        if (referenceRead is not null && await referenceRead is { HasValue: true } found && found.Value!.GetString("AdId") == adId)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(client, found.Value.RowKey), found.Value.ETag));
        }
        actions.AddRange(states.Select(s => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(client, s.RowKey), s.ETag)));
        return actions;
    }

    /// <summary>
    /// The partition's deferred signals by ad id, keys only. Few: a signal waits only for its board's status pace, and the
    /// pump acknowledges it once due. One deferred or acknowledged after this read fails its ad's transaction (the ETag) or
    /// stays for the pump, which finds no state for it and acknowledges it, as before.
    /// </summary>
    private async Task<Dictionary<string, List<TableEntity>>> DeferredSignalsAsync(string client, CancellationToken cancellationToken)
    {
        var byAd = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(Range(client, DeferredPrefix, "w}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var adId = row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..];
            if (!byAd.TryGetValue(adId, out var rows))
            {
                byAd[adId] = rows = [];
            }
            rows.Add(row);
        }
        return byAd;
    }

    private async Task<List<TableEntity>> ReadAsync(string filter, int? max, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == max)
            {
                break;
            }
        }
        return rows;
    }

    /// <summary>Several ads in one transaction; when one of them changed meanwhile, each alone (the changed one stays).</summary>
    private async Task<(long Ads, long Rows)> SubmitAsync(List<List<TableTransactionAction>> ads, CancellationToken cancellationToken)
    {
        try
        {
            await Table.SubmitTransactionAsync(ads.SelectMany(a => a), cancellationToken);
            return (ads.Count, ads.Sum(a => a.Count));
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412 && ads.Count > 1)
        {
            var (done, rows) = (0L, 0L);
            foreach (var ad in ads)
            {
                var (one, removed) = await SubmitAsync([ad], cancellationToken);
                (done, rows) = (done + one, rows + removed);
            }
            return (done, rows);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // Submitted again, or a row changed, since it was read: the next pass decides again.
            return (0, 0);
        }
    }

    private static string Range(string client, string from, string before) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey ge {from} and RowKey lt {before}");
}
