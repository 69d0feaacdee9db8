using System.Globalization;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Access;

/// <summary>
/// Table "BoardFeed": partition "changes" (row "{ticks}|{unique}": the change list, append-only, in time order) and
/// partition "shareable" (row = CV id: the set boards may fetch now).
/// </summary>
public sealed class TableBoardFeedStore(HubStorage storage) : IBoardFeedStore
{
    private const string Changes = "changes";
    private const string Shareable = "shareable";

    private TableClient Table => storage.Table(StorageNames.BoardFeedTable);

    public async Task RecordAsync(FeedChange change, CancellationToken cancellationToken)
    {
        await Table.AddEntityAsync(new TableEntity(Changes, $"{change.At.UtcTicks:D19}|{HubIds.NewRandomId()}")
        {
            ["Registry"] = change.Registry,
            ["CvId"] = change.CvId,
            ["Change"] = change.Change,
            ["At"] = change.At,
        }, cancellationToken);
        if (change.Change == FeedChanges.Closed)
        {
            await Table.DeleteEntityAsync(Shareable, change.CvId, ETag.All, cancellationToken);
        }
        else
        {
            await Table.UpsertEntityAsync(new TableEntity(Shareable, change.CvId) { ["Registry"] = change.Registry, ["Since"] = change.At },
                TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task<bool> IsShareableAsync(string cvId, CancellationToken cancellationToken) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(Shareable, cvId, ["PartitionKey"], cancellationToken)).HasValue;

    public async Task<(IReadOnlyList<FeedChange> Items, string? Next)> ChangesAsync(string? after, int take, CancellationToken cancellationToken)
    {
        var items = new List<FeedChange>(take);
        string? last = after;
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Changes} and RowKey gt {after ?? ""}"),
            maxPerPage: take, cancellationToken: cancellationToken))
        {
            items.Add(new FeedChange(row.GetString("Registry"), row.GetString("CvId"), row.GetString("Change"), row.GetDateTimeOffset("At")!.Value));
            last = row.RowKey;
            if (items.Count == take)
            {
                break;
            }
        }
        // The next token is where this answer stopped: asking again with it gives only what came after.
        return (items, last);
    }

    public async Task<(IReadOnlyList<FeedReference> Items, string? Next)> ShareableAsync(string? after, int take, CancellationToken cancellationToken)
    {
        var items = new List<FeedReference>(take);
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Shareable} and RowKey gt {after ?? ""}"),
            maxPerPage: take, cancellationToken: cancellationToken))
        {
            items.Add(new FeedReference(row.GetString("Registry"), row.RowKey, row.GetDateTimeOffset("Since")!.Value));
            if (items.Count == take)
            {
                return (items, row.RowKey);
            }
        }
        return (items, null);
    }

    /// <summary>
    /// Retention: deletes the change list's rows older than <paramref name="cutoff"/> from the start of its time-ordered
    /// partition, in 100-row transactions, at most <paramref name="maxBatches"/>. A board further behind starts again
    /// from the shareable list.
    /// </summary>
    public Task<(long Rows, int Batches)> PurgeChangesAsync(DateTimeOffset cutoff, int maxBatches, CancellationToken cancellationToken) =>
        BatchDelete.DeleteMatchingAsync(Table, Changes,
            TableClient.CreateQueryFilter($"PartitionKey eq {Changes} and RowKey lt {TokenAt(cutoff)}"), maxBatches, cancellationToken);

    public string TokenAt(DateTimeOffset time) => time.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
