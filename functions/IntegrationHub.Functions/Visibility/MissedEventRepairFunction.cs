using IntegrationHub.Core.Visibility.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Visibility;

/// <summary>
/// The repair of events whose request died before the decision was stored (ADR 0047): every minute one paced pass
/// ("Hub:MissedEvents:CitizensPerPass"). A timer is a singleton (the host's lease, ADR 0025).
/// </summary>
public sealed class MissedEventRepairFunction(MissedEventRepair repair, IOptions<MissedEventOptions> options)
{
    [Function("MissedEventRepair")]
    public async Task Run([TimerTrigger("45 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        await repair.RunOnceAsync(cancellationToken);
    }
}
