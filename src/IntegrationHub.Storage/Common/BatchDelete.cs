using Azure;
using Azure.Data.Tables;

namespace IntegrationHub.Storage.Common;

/// <summary>Deletes of known rows of one partition in 100-entity transactions: the retention purge's unit of work.</summary>
public static class BatchDelete
{
    public const int MaxBatch = 100;

    /// <summary>Deletes the rows (at most 100, one partition) in one transaction; a row already gone makes it fall back to one by one.</summary>
    public static async Task DeleteAsync(TableClient table, string partition, IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rowKeys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)), cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            foreach (var key in rowKeys)
            {
                try
                {
                    await table.DeleteEntityAsync(partition, key, ETag.All, cancellationToken);
                }
                catch (RequestFailedException gone) when (gone.Status == 404)
                {
                    // Deleted meanwhile (another pass, an erasure).
                }
            }
        }
    }

    /// <summary>
    /// Reads up to 100 keys matching <paramref name="filter"/> (which must name one partition) and deletes them, up to
    /// <paramref name="maxBatches"/> times; answers the rows deleted and the batches used. Each batch reads from the start
    /// of the range again: what the previous one deleted is gone, so the range is never scanned past what expires.
    /// </summary>
    public static async Task<(long Rows, int Batches)> DeleteMatchingAsync(TableClient table, string partition, string filter, int maxBatches, CancellationToken cancellationToken)
    {
        long rows = 0;
        var batches = 0;
        while (batches < maxBatches)
        {
            var keys = new List<string>(MaxBatch);
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: MaxBatch, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(row.RowKey);
                if (keys.Count == MaxBatch)
                {
                    break;
                }
            }
            if (keys.Count == 0)
            {
                break;
            }
            await DeleteAsync(table, partition, keys, cancellationToken);
            rows += keys.Count;
            batches++;
            if (keys.Count < MaxBatch)
            {
                break;
            }
        }
        return (rows, batches);
    }
}
