using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Hardening;

/// <summary>
/// Every entity, queue message and blob one test host has in Azurite (both accounts), counted per table, queue and
/// container: taken before and after a refused request, the two must be equal ("nothing stored").
/// </summary>
public static class StorageSnapshot
{
    public static async Task<SortedDictionary<string, int>> TakeAsync(AzuriteFixture azurite, string prefix)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (account, connection) in new[] { ("main", azurite.ConnectionString), ("search", azurite.SearchConnectionString) })
        {
            var tables = new TableServiceClient(connection);
            foreach (var table in await PrefixTables.NamesAsync(tables, prefix, required: account == "main"))
            {
                var n = 0;
                // Every row counts: test hosts run no retention timer (HubTestHost), so nothing writes on its own schedule.
                await foreach (var _ in tables.GetTableClient(table).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
                {
                    n++;
                }
                counts[$"{account}:table:{table}"] = n;
            }
        }
        var queues = new QueueServiceClient(azurite.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix))
        {
            var properties = await queues.GetQueueClient(queue.Name).GetPropertiesAsync();
            counts["queue:" + queue.Name] = properties.Value.ApproximateMessagesCount;
        }
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: prefix))
        {
            var n = 0;
            await foreach (var _ in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                n++;
            }
            counts["blob:" + container.Name] = n;
        }
        return counts;
    }

    /// <summary>
    /// What grew between two snapshots: a refused request that stored anything adds an entity, a message or a blob.
    /// Counts that fall are background work finishing (a pump taking a queued message), not the request.
    /// </summary>
    public static List<string> Grown(IReadOnlyDictionary<string, int> before, IReadOnlyDictionary<string, int> after) =>
        [.. after.Keys.Order(StringComparer.Ordinal)
            .Where(k => after[k] > before.GetValueOrDefault(k))
            .Select(k => $"{k}: {before.GetValueOrDefault(k)} -> {after[k]}")];

    /// <summary>What changed between two snapshots ("name: before -> after"), empty when nothing did.</summary>
    public static List<string> Diff(IReadOnlyDictionary<string, int> before, IReadOnlyDictionary<string, int> after) =>
        [.. before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k}: {before.GetValueOrDefault(k)} -> {after.GetValueOrDefault(k)}")];
}
