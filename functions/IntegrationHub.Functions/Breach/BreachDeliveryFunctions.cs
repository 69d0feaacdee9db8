using System.Text.Json;
using Azure.Storage.Queues.Models;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Hub;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Telemetry;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Breach;

/// <summary>Breach work off the HTTP request: dry runs, and the fan-out of running campaigns (the planner's timer cuts and enqueues pages, the queue trigger delivers them).</summary>
public sealed class BreachDeliveryFunctions(BreachPlanner planner, BreachPageHandler handler, BreachService service)
{
    [Function("BreachPlanner")]
    public async Task Plan([TimerTrigger("*/1 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await planner.RunOnceAsync(cancellationToken);
    }

    [Function("BreachDelivery")]
    public async Task Deliver([QueueTrigger(HubQueues.BreachDelivery)] QueueMessage message, CancellationToken cancellationToken)
    {
        var page = JsonSerializer.Deserialize(message.Body.ToString(), HubJson.Default.BreachDeliveryPage)
            ?? throw new InvalidOperationException("A breach delivery message was empty.");
        using var span = HubTelemetry.StartProcess(HubQueues.BreachDelivery, page.TraceParent, message.MessageId);
        await handler.HandleAsync(page, message.DequeueCount, cancellationToken);
    }

    [Function("BreachDryRun")]
    public async Task DryRun([QueueTrigger(HubQueues.BreachDryRun)] QueueMessage message, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize(message.Body.ToString(), HubJson.Default.RunBreachDryRun)
            ?? throw new InvalidOperationException("A breach dry-run message was empty.");
        using var span = HubTelemetry.StartProcess(HubQueues.BreachDryRun, request.TraceParent, message.MessageId);
        await service.RunDryRunAsync(request, cancellationToken);
    }
}
