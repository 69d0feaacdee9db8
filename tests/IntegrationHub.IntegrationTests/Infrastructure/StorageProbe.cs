using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>Looks straight into Azurite (with the real SDK clients) to assert what was, or was not, stored.</summary>
public sealed class StorageProbe(string connectionString, string prefix)
{
    public TableClient Table(string name) => new TableServiceClient(connectionString).GetTableClient(prefix + name);

    public BlobContainerClient Container(string name) => new BlobServiceClient(connectionString).GetBlobContainerClient(prefix + name);

    public QueueClient Queue(string name) => new(connectionString, prefix + name);

    public async Task<List<TableEntity>> EntitiesAsync(string table)
    {
        var result = new List<TableEntity>();
        await foreach (var entity in Table(table).QueryAsync<TableEntity>())
        {
            result.Add(entity);
        }
        return result;
    }

    public async Task<List<string>> BlobNamesAsync(string container)
    {
        var result = new List<string>();
        await foreach (var blob in Container(container).GetBlobsAsync())
        {
            result.Add(blob.Name);
        }
        return result;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (downstream work is asynchronous), or fails after the timeout.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
    }
}
