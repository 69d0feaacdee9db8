using IntegrationHub.Core.Retention;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Retention;

/// <summary>
/// The paced retention purge (ADR 0023): every minute one bounded pass ("Hub:Retention:BatchesPerTick"), so a backlog
/// goes over several ticks and no tick holds the storage account for long. A timer is a singleton in Azure.
/// </summary>
public sealed class RetentionPurgeFunction(IRetentionPurge purge, IOptions<RetentionOptions> options)
{
    [Function("RetentionPurge")]
    public async Task Run([TimerTrigger("30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (!options.Value.PurgeEnabled)
        {
            return;
        }
        await purge.RunOnceAsync(cancellationToken);
    }
}
