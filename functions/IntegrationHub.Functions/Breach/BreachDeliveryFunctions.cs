using Azure.Storage.Queues.Models;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Telemetry;
using IntegrationHub.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Breach;

/// <summary>
/// Breach work off the HTTP request: dry runs, and the fan-out of running campaigns (the planner's timer cuts and
/// enqueues pages, the queue trigger delivers them). The planner ticks every second; while no campaign runs it looks
/// at growing gaps up to "Hub:Breach:IdleCeilingSeconds", and a campaign write in this process wakes it (ADR 0012).
/// </summary>
public sealed class BreachDeliveryFunctions(
    BreachPlanner planner, BreachPageHandler handler, BreachService service, PollSignals signals, TimeProvider clock, IOptions<BreachDeliveryOptions> options)
{
    [Function("BreachPlanner")]
    public Task Plan([TimerTrigger("*/1 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        signals.BreachCampaigns.RunIfDueAsync(clock, TimeSpan.FromSeconds(options.Value.IdleCeilingSeconds), planner.PollAsync, cancellationToken);

    [Function("BreachDelivery")]
    public async Task Deliver([QueueTrigger(BreachQueues.BreachDelivery)] QueueMessage message, CancellationToken cancellationToken)
    {
        var page = QueuePages.Decode(message, BreachJson.Default.BreachDeliveryPage);
        using var span = HubTelemetry.StartProcess(BreachQueues.BreachDelivery, page.TraceParent, message.MessageId);
        await handler.HandleAsync(page, message.DequeueCount, cancellationToken);
    }

    [Function("BreachDryRun")]
    public async Task DryRun([QueueTrigger(BreachQueues.BreachDryRun)] QueueMessage message, CancellationToken cancellationToken)
    {
        var request = QueuePages.Decode(message, BreachJson.Default.RunBreachDryRun);
        using var span = HubTelemetry.StartProcess(BreachQueues.BreachDryRun, request.TraceParent, message.MessageId);
        await service.RunDryRunAsync(request, cancellationToken);
    }
}
