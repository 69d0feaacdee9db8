using IntegrationHub.Core.JobAds.Eures;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.JobAds;

/// <summary>Publishes on EURES' exchange the ads whose publication time has come (ADR 0016).</summary>
public sealed class EuresActivationFunctions(EuresActivation activation)
{
    [Function("EuresActivation")]
    public async Task Activate([TimerTrigger("*/5 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await activation.RunOnceAsync(cancellationToken);
    }
}
