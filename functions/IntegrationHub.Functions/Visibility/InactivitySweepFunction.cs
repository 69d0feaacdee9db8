using IntegrationHub.Core.Visibility;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Visibility;

/// <summary>The inactivity timetable's sweep (Denmark): reminders, non-searchable at 12 weeks, warnings, deletion. Hourly.</summary>
public sealed class InactivitySweepFunction(InactivitySweep sweep)
{
    [Function("InactivitySweep")]
    public async Task Run([TimerTrigger("0 5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await sweep.RunOnceAsync(cancellationToken);
    }
}
