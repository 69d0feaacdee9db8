using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Telemetry;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Cvs;

/// <summary>
/// The CV pipeline's background triggers: the change pump (timer) and the downstream work (queue). The pump ticks every
/// 2 seconds; while no changes come it looks at growing gaps up to "Hub:CvPipeline:IdleCeilingSeconds", and a CV commit
/// in this process brings the next look forward to the next tick (ADR 0012).
/// </summary>
public sealed class CvPipelineFunctions(CvChangePump pump, CvChangesHandler handler, PollSignals signals, TimeProvider clock, IOptions<CvPipelineOptions> options)
{
    [Function("CvChangePump")]
    public Task Pump([TimerTrigger("*/2 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        signals.CvChanges.RunIfDueAsync(clock, TimeSpan.FromSeconds(options.Value.IdleCeilingSeconds), pump.PollAsync, cancellationToken);

    [Function("CvChanges")]
    public async Task Changes([QueueTrigger(CvsQueues.CvChanges)] string message, CancellationToken cancellationToken)
    {
        var page = QueuePages.Decode(message, CvsJson.Default.CvChangesPage);
        using var span = HubTelemetry.StartProcess(CvsQueues.CvChanges, page.TraceParent, page.MessageId);
        await handler.HandleAsync(page, cancellationToken);
    }
}
