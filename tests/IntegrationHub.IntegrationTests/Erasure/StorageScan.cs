using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Erasure;

/// <summary>
/// Reads EVERYTHING one test host wrote in Azurite, in both accounts (the hub's and the search index's): every table
/// (keys and every property), every blob (name and content), every queue message (peeked, base64 decoded). Answers
/// where any of the needles occurs, as "table:Name:PartitionKey/RowKey", "blob:container/name", "queue:name".
/// </summary>
public static class StorageScan
{
    public static async Task<List<string>> FindAsync(AzuriteFixture azurite, string prefix, IReadOnlyCollection<string> needles)
    {
        var hits = new List<string>();
        foreach (var connection in new[] { azurite.ConnectionString, azurite.SearchConnectionString })
        {
            var tables = new TableServiceClient(connection);
            foreach (var table in await PrefixTables.NamesAsync(tables, prefix, required: connection == azurite.ConnectionString))
            {
                await foreach (var row in tables.GetTableClient(table).QueryAsync<TableEntity>())
                {
                    var text = new StringBuilder(row.PartitionKey).Append('\n').Append(row.RowKey);
                    foreach (var (key, value) in row)
                    {
                        text.Append('\n').Append(key).Append('=').Append(value);
                    }
                    if (Contains(text.ToString(), needles))
                    {
                        hits.Add($"table:{table[prefix.Length..]}:{row.PartitionKey}/{row.RowKey}");
                    }
                }
            }
        }
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: prefix))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                string content;
                try
                {
                    content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                }
                catch (Azure.RequestFailedException e) when (e.Status == 404)
                {
                    // Listed, then deleted before it was read (an erasure still running while a test waits on the scan):
                    // gone, so it holds nothing. A scan that threw here failed the test instead of waiting.
                    continue;
                }
                if (Contains(blob.Name + "\n" + content, needles))
                {
                    hits.Add($"blob:{container.Name[prefix.Length..]}/{blob.Name}");
                }
            }
        }
        var queues = new QueueServiceClient(azurite.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix))
        {
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                var body = message.Body.ToString();
                string decoded;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String(body));
                }
                catch (FormatException)
                {
                    decoded = body;
                }
                if (Contains(decoded + "\n" + body, needles))
                {
                    hits.Add($"queue:{queue.Name[prefix.Length..]}");
                }
            }
        }
        return hits;
    }

    private static bool Contains(string text, IReadOnlyCollection<string> needles) =>
        needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));
}
