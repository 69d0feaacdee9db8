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

    /// <summary>
    /// Every row of the table and of its month tables ("{table}{NO|DK|NL|XX}{yyyyMM}", ADR 0023: the access log, the
    /// visibility history), so a probe of "AccessLog" sees the whole log; a table that does not exist reads as empty.
    /// </summary>
    public async Task<List<TableEntity>> EntitiesAsync(string table)
    {
        var service = new TableServiceClient(connectionString);
        var names = new List<string>();
        await foreach (var item in service.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix + table} and TableName lt {prefix + table + "~"}")))
        {
            var rest = item.Name[(prefix + table).Length..];
            if (rest.Length == 0 || (rest.Length == 8 && rest[..2].All(char.IsAsciiLetterUpper) && rest[2..].All(char.IsAsciiDigit)))
            {
                names.Add(item.Name);
            }
        }
        var result = new List<TableEntity>();
        foreach (var name in names)
        {
            await foreach (var entity in service.GetTableClient(name).QueryAsync<TableEntity>())
            {
                result.Add(entity);
            }
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

    /// <summary>
    /// Reads until <paramref name="done"/> holds of what was read, or the timeout passes; answers the last read, so
    /// that the assertion after it can name what was still there.
    /// </summary>
    public static async Task<T> Settle<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var last = await read();
        while (!done(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            last = await read();
        }
        return last;
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
