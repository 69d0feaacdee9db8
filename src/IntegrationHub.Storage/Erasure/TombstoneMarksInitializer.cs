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
    /// <summary>The most a start waits for it: storage away must not hold the host back (the SDK's retries take longer).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        foreach (var registry in hub.Value.Registries.Keys)
        {
            try
            {
                await store.RecordMarksBeganAsync(registry, clock.GetUtcNow(), patience.Token);
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not fatal: without the row a page's look trusts no mark and reads each first decision's tombstone (the
                // cost before the marks); the next start records it.
                return;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
