using Azure;
using Azure.Data.Tables;

namespace IntegrationHub.Storage.Common;

/// <summary>Deletes rows for an erasure: per partition in 100-row transactions; a batch that fails (a row gone meanwhile) goes row by row.</summary>
internal static class TableErasure
{
    public static async Task<int> DeleteAsync(TableClient table, IEnumerable<(string PartitionKey, string RowKey)> rows, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var chunk in rows.Distinct().GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(100)))
        {
            try
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 404)
            {
                foreach (var (partitionKey, rowKey) in chunk)
                {
                    // A delete of a row already gone succeeds (the SDK treats 404 as done).
                    await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
                }
            }
            count += chunk.Length;
        }
        return count;
    }

    /// <summary>The keys of every row <paramref name="filter"/> matches, reading keys only.</summary>
    public static async Task<List<(string PartitionKey, string RowKey)>> KeysAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var keys = new List<(string, string)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add((row.PartitionKey, row.RowKey));
        }
        return keys;
    }
}
