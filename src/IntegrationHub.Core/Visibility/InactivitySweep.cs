using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The timer sweep of the inactivity timetable (jurisdictions whose policy follows one, Denmark): sends the 10-week
/// reminder, makes the CV non-searchable at 12 weeks (a recompute: the policy decides), warns 2 weeks before deletion
/// and deletes the CV at 18.5 months. Each action is recorded in the citizen's state with its notice in the outbox, in
/// one write: a repeated or interrupted sweep does nothing twice and picks up where it stopped, since it only reads
/// states whose next action is due.
/// </summary>
public sealed partial class InactivitySweep(
    IInactivityIndex index,
    VisibilityService visibility,
    CvRegistryHandler cvs,
    IInactiveCitizenErasure erasure,
    IOptions<HubOptions> hub,
    TimeProvider clock,
    ILogger<InactivitySweep> logger)
{
    /// <summary>Runs the sweep over every registry with a timetable; answers the number of citizens acted on.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var acted = 0;
        foreach (var (registry, settings) in hub.Value.Registries)
        {
            if (!VisibilityPolicies.For(settings.Jurisdiction).FollowsInactivitySchedule)
            {
                continue;
            }
            var now = clock.GetUtcNow();
            string? continuation = null;
            do
            {
                var (states, next) = await index.DueAsync(registry, now, continuation, cancellationToken);
                foreach (var state in states)
                {
                    acted += await ActAsync(state, now, cancellationToken) ? 1 : 0;
                }
                continuation = next;
            }
            while (continuation is not null);
            if (acted > 0)
            {
                LogSwept(logger, registry, acted);
            }
        }
        return acted;
    }

    private async Task<bool> ActAsync(VisibilityState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (state.Cv is null || state.Facts.LastCitizenActivityAt is not { } last)
        {
            return false;
        }
        var done = state.Inactivity?.DoneFor(last) ?? [];
        var due = InactivitySchedule.Due(last, now).Except(done).ToList();
        if (due.Count == 0)
        {
            return false;
        }
        var cvChange = CvUpdate.None;
        if (due.Contains(InactivityAction.DeleteAt18AndAHalfMonths))
        {
            // Deleting twice is harmless (the second finds nothing), so a crash before the state write below is safe.
            await cvs.DeleteAsync(state.Registry, state.Cv.CvId, cancellationToken);
            cvChange = CvUpdate.Deleted;
        }
        await visibility.RecomputeAsync(state.Registry, state.CitizenId, cvChange, new InactivityStep(last, due), cancellationToken);
        if (cvChange.Changed)
        {
            // Deleted for inactivity: the rest of what the hub holds of the citizen goes too (issue 16). The "deleted"
            // notice written just above is an outbox row, which the erasure leaves for the relay to publish.
            await erasure.EraseInactiveAsync(state.Registry, state.CitizenId, cancellationToken);
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inactivity sweep of registry {Registry}: acted on {Count} citizens.")]
    private static partial void LogSwept(ILogger logger, string registry, int count);
}
