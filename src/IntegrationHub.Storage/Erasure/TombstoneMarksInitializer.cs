using Azure;
using IntegrationHub.Core.Callers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Erasure;

/// <summary>
/// At start, records for each registry since when every tombstone has its mark (<see cref="TableErasureStore.RecordMarksBeganAsync"/>,
/// ADR 0040), after <see cref="Common.StorageInitializer"/> has created the tables. Once per start, never on a timer.
/// </summary>
public sealed class TombstoneMarksInitializer(TableErasureStore store, IOptions<HubOptions> hub, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var registry in hub.Value.Registries.Keys)
        {
            try
            {
                await store.RecordMarksBeganAsync(registry, clock.GetUtcNow(), cancellationToken);
            }
            catch (RequestFailedException)
            {
                // Not fatal: without the row a page's look trusts no mark and reads each first decision's tombstone (the
                // cost before the marks); the next start records it.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
