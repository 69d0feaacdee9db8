using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Outbox;

/// <summary>
/// Publishes the outbox's integration events (a timer is a singleton in Azure: one relay). It ticks every second; while
/// no events come it passes at growing gaps up to "Hub:Outbox:IdleCeilingSeconds", and a commit in this process that
/// writes outbox rows brings the next pass forward to the next tick (ADR 0012).
/// </summary>
public sealed class OutboxRelayFunction(IOutboxRelay relay, PollSignals signals, TimeProvider clock, IOptions<OutboxOptions> options)
{
    [Function("OutboxRelay")]
    public Task Run([TimerTrigger("*/1 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        signals.Outbox.RunIfDueAsync(clock, TimeSpan.FromSeconds(options.Value.IdleCeilingSeconds),
            async ct => new PollRound(await relay.RunOnceAsync(ct), WorkLeft: false), cancellationToken);
}
