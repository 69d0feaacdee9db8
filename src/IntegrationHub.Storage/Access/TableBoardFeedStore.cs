using System.Globalization;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Access;

/// <summary>
/// Table "BoardFeed": partition "changes" (row "{ticks}|{unique}": the change list, append-only, in time order) and
/// partition "shareable" (row = CV id: the set boards may fetch now).
/// A change row's key is the store's clock just before the write, and the list is served only up to a horizon
/// ("Hub:Feeds:ChangesHorizonSeconds") behind now: a write that lands late cannot fall behind a board's "since" token
/// (the ordering gap the crash tests found; ADR 0029).
/// </summary>
public sealed class TableBoardFeedStore(HubStorage storage, TimeProvider? clock = null, IOptions<FeedOptions>? feeds = null) : IBoardFeedStore
{
    private const string Changes = "changes";
    private const string Shareable = "shareable";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Without options (a store wired by hand) there is no horizon: a change is served at once.</summary>
    private TimeSpan Horizon => TimeSpan.FromSeconds(feeds?.Value.ChangesHorizonSeconds ?? 0);

    private TableClient Table => storage.Table(AccessTables.BoardFeedTable);

    public async Task RecordAsync(FeedChange change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Keyed by the time of the write, not of the decision (taken before the state, index and search writes).
            var keyed = _clock.GetUtcNow();
            await Table.AddEntityAsync(new TableEntity(Changes, $"{keyed.UtcTicks:D19}|{HubIds.NewRandomId()}")
            {
                ["Registry"] = change.Registry,
                ["CvId"] = change.CvId,
                ["Change"] = change.Change,
                ["At"] = change.At,
            }, cancellationToken);
            // Landed later than half the horizon after its key: a reader may already have passed it; again under a fresh
            // key (a repeated change is harmless to a board, a missed "closed" is not).
            if (Horizon <= TimeSpan.Zero || _clock.GetUtcNow() - keyed <= Horizon / 2 || attempt == 3)
            {
                break;
            }
        }
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
        // Only rows keyed before the horizon: every write keyed before it has landed. A token past it (a time a board
        // chose) is brought back to it, so a late row there is served too (perhaps twice, never missed).
        var horizon = TokenAt(_clock.GetUtcNow() - Horizon);
        if (after is not null && Horizon > TimeSpan.Zero && string.CompareOrdinal(after, horizon) > 0)
        {
            after = horizon;
        }
        string? last = after;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Changes} and RowKey gt {after ?? ""}");
        if (Horizon > TimeSpan.Zero)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {horizon}");
        }
        await foreach (var row in Table.QueryAsync<TableEntity>(filter,
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
