using IntegrationHub.Storage.Outbox;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Outbox;

/// <summary>Publishes the outbox's integration events every second (a timer is a singleton in Azure: one relay).</summary>
public sealed class OutboxRelayFunction(OutboxRelay relay)
{
    [Function("OutboxRelay")]
    public async Task Run([TimerTrigger("*/1 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await relay.RunOnceAsync(cancellationToken);
    }
}
