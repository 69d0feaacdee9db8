using System.Text.Json;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Hub;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Telemetry;
using IntegrationHub.Core.Visibility;
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
    public async Task Pump([TimerTrigger("*/2 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var pace = signals.CvChanges;
        if (!pace.IsDue(clock.GetUtcNow()))
        {
            return;
        }
        var (sent, workLeft) = await pump.RunRoundAsync(cancellationToken);
        pace.Looked(sent > 0 || workLeft, clock.GetUtcNow(), TimeSpan.FromSeconds(options.Value.IdleCeilingSeconds));
    }

    [Function("CvChanges")]
    public async Task Changes([QueueTrigger(HubQueues.CvChanges)] string message, CancellationToken cancellationToken)
    {
        var page = JsonSerializer.Deserialize(message, HubJson.Default.CvChangesPage)
            ?? throw new InvalidOperationException("A cv-changes message was empty.");
        using var span = HubTelemetry.StartProcess(HubQueues.CvChanges, page.TraceParent, page.MessageId);
        await handler.HandleAsync(page, cancellationToken);
    }
}
