using System.Text.Json;
using Azure.Storage.Queues.Models;
using IntegrationHub.Core.Hub;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Telemetry;
using IntegrationHub.Core.JobAds;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.JobAds;

/// <summary>
/// Job-ad delivery: the pump (timer) moves delivery signals to the boards' queues, one queue-triggered function per
/// board works its pages, and the expiry timer withdraws ads past their end.
/// </summary>
public sealed class JobAdDeliveryFunctions(JobAdDeliveryPump pump, JobAdDeliveryHandler handler, JobAdExpiry expiry)
{
    [Function("JobAdDeliveryPump")]
    public async Task Pump([TimerTrigger("*/1 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await pump.RunOnceAsync(cancellationToken);
    }

    [Function("JobAdExpiry")]
    public async Task Expire([TimerTrigger("*/5 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await expiry.RunOnceAsync(cancellationToken);
    }

    [Function("JobAdDeliveryNav")]
    public Task Nav([QueueTrigger(HubQueues.JobAdsNav)] QueueMessage message, CancellationToken cancellationToken) =>
        HandleAsync(message, cancellationToken);

    [Function("JobAdDeliveryJobnet")]
    public Task Jobnet([QueueTrigger(HubQueues.JobAdsJobnet)] QueueMessage message, CancellationToken cancellationToken) =>
        HandleAsync(message, cancellationToken);

    [Function("JobAdDeliveryFinn")]
    public Task Finn([QueueTrigger(HubQueues.JobAdsFinn)] QueueMessage message, CancellationToken cancellationToken) =>
        HandleAsync(message, cancellationToken);

    private async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var page = JsonSerializer.Deserialize(message.Body.ToString(), HubJson.Default.JobAdDeliveryPage)
            ?? throw new InvalidOperationException("A job-ad delivery message was empty.");
        using var span = HubTelemetry.StartProcess(HubQueues.JobAdsFor(page.Board), page.TraceParent, message.MessageId);
        await handler.HandleAsync(page, message.DequeueCount, cancellationToken);
    }
}
