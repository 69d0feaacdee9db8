using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Common;

/// <summary>Creates the hub's tables, containers and queues at start when <see cref="StorageOptions.CreateResources"/> is on.</summary>
public sealed class StorageInitializer(HubStorage storage, IOptions<StorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateResources)
        {
            return;
        }
        await Parallel.ForEachAsync(StorageNames.Tables, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (table, ct) => await storage.Table(table).CreateIfNotExistsAsync(ct));
        foreach (var container in StorageNames.Containers)
        {
            await storage.Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        foreach (var queue in HubQueues.All)
        {
            await storage.Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await storage.Queue(queue + "-poison").CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
