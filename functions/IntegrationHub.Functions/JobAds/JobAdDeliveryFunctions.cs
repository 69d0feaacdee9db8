using Azure.Storage.Queues.Models;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.Telemetry;
using IntegrationHub.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.JobAds;

/// <summary>
/// Job-ad delivery: the pump (timer) moves delivery signals to the boards' queues, one queue-triggered function per
/// board works its pages, and the expiry timer withdraws ads past their end. Both timers look at growing gaps up to
/// "Hub:JobAds:IdleCeilingSeconds" while they find nothing; a job-ad commit in this process wakes the pump (ADR 0012).
/// </summary>
public sealed class JobAdDeliveryFunctions(
    JobAdDeliveryPump pump, JobAdDeliveryHandler handler, JobAdExpiry expiry, PollSignals signals, TimeProvider clock, IOptions<JobAdOptions> options)
{
    private TimeSpan IdleCeiling => TimeSpan.FromSeconds(options.Value.IdleCeilingSeconds);

    [Function("JobAdDeliveryPump")]
    public Task Pump([TimerTrigger("*/1 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        signals.JobAdDeliveries.RunIfDueAsync(clock, IdleCeiling, pump.PollAsync, cancellationToken);

    [Function("JobAdExpiry")]
    public Task Expire([TimerTrigger("*/5 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        signals.JobAdExpiry.RunIfDueAsync(clock, IdleCeiling, expiry.PollAsync, cancellationToken);

    [Function("JobAdDeliveryNav")]
    public Task Nav([QueueTrigger(JobAdsQueues.JobAdsNav)] QueueMessage message, CancellationToken cancellationToken) =>
        HandleAsync(message, cancellationToken);

    [Function("JobAdDeliveryJobnet")]
    public Task Jobnet([QueueTrigger(JobAdsQueues.JobAdsJobnet)] QueueMessage message, CancellationToken cancellationToken) =>
        HandleAsync(message, cancellationToken);

    [Function("JobAdDeliveryFinn")]
    public Task Finn([QueueTrigger(JobAdsQueues.JobAdsFinn)] QueueMessage message, CancellationToken cancellationToken) =>
        HandleAsync(message, cancellationToken);

    private async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var page = QueuePages.Decode(message, JobAdsJson.Default.JobAdDeliveryPage);
        using var span = HubTelemetry.StartProcess(JobAdsQueues.JobAdsFor(page.Board), page.TraceParent, message.MessageId);
        await handler.HandleAsync(page, message.DequeueCount, cancellationToken);
    }
}
