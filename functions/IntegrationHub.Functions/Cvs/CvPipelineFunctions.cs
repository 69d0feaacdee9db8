using System.Text.Json;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Hub;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Cvs;

/// <summary>The CV pipeline's background triggers: the change pump (timer) and the downstream work (queue).</summary>
public sealed class CvPipelineFunctions(CvChangePump pump, CvChangesHandler handler)
{
    [Function("CvChangePump")]
    public async Task Pump([TimerTrigger("*/2 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await pump.RunOnceAsync(cancellationToken);
    }

    [Function("CvChanges")]
    public async Task Changes([QueueTrigger(HubQueues.CvChanges)] string message, CancellationToken cancellationToken)
    {
        var page = JsonSerializer.Deserialize(message, HubJson.Default.CvChangesPage)
            ?? throw new InvalidOperationException("A cv-changes message was empty.");
        await handler.HandleAsync(page, cancellationToken);
    }
}
