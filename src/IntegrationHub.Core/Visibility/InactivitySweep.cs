using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Which inactivity actions have been carried out for one last activity. A new activity starts a new timetable, so
/// the record is only valid while <see cref="LastActivity"/> is the citizen's last activity.
/// </summary>
public sealed record InactivityProgress(DateTimeOffset LastActivity, IReadOnlyList<InactivityAction> Done)
{
    /// <summary>When the sweep next has something to do; null when everything is done.</summary>
    public DateTimeOffset? NextDue => Enum.GetValues<InactivityAction>().Where(a => !Done.Contains(a))
        .Select(a => (DateTimeOffset?)InactivitySchedule.DueAt(a, LastActivity)).Min();

    public IReadOnlyList<InactivityAction> DoneFor(DateTimeOffset? lastActivity) => lastActivity == LastActivity ? Done : [];

    /// <summary>The progress to store with <paramref name="next"/>: carried over while the last activity is the same.</summary>
    public static InactivityProgress? Next(VisibilityState? previous, VisibilityState next, InactivityStep? justDone)
    {
        if (next.Cv is null || next.Facts.LastCitizenActivityAt is not { } last)
        {
            return null;
        }
        var done = previous?.Inactivity?.DoneFor(last) ?? [];
        var added = justDone is { } step && step.LastActivity == last ? step.Done : [];
        return new InactivityProgress(last, [.. done.Union(added).Order()]);
    }
}

/// <summary>Inactivity actions the sweep carried out for one last activity.</summary>
public sealed record InactivityStep(DateTimeOffset LastActivity, IReadOnlyList<InactivityAction> Done);

/// <summary>A notice the registry delivers to the citizen (reminder, deletion warning, deletion), as an outbound event.</summary>
public sealed record InactivityNotice(string Registry, string CitizenId, string CvId, string Notice, DateTimeOffset LastActivity, DateTimeOffset? DeletionAt)
{
    public const string TypePrefix = "org.integrationhub.citizen.inactivity.";

    /// <param name="previousCvId">The CV the actions concern when the state no longer has one (it was deleted).</param>
    public static IEnumerable<OutboundEvent> For(VisibilityState state, string? previousCvId, InactivityStep? step)
    {
        if ((state.Cv?.CvId ?? previousCvId) is not { } id || step is null)
        {
            yield break;
        }
        var last = step.LastActivity;
        foreach (var action in step.Done.Order())
        {
            var notice = action switch
            {
                InactivityAction.RemindAt10Weeks => "reminder",
                InactivityAction.DeletionWarning2WeeksBefore => "deletion-warning",
                InactivityAction.DeleteAt18AndAHalfMonths => "deleted",
                _ => null, // Becoming non-searchable is a visibility change, published as CvVisibilityChanged.
            };
            if (notice is null)
            {
                continue;
            }
            var data = new InactivityNotice(state.Registry, state.CitizenId, id, notice, last, notice == "reminder" ? null : InactivitySchedule.DeletionAt(last));
            yield return new OutboundEvent(
                HubIds.NewMessageId(),
                TypePrefix + notice,
                $"/registries/{state.Registry}",
                $"citizens/{state.CitizenId}",
                state.DecidedAt,
                OutboundTopics.CitizenNotices,
                state.CitizenId,
                JsonSerializer.Serialize(data, VisibilityJson.Default.InactivityNotice));
        }
    }
}

/// <summary>Reads the states whose next inactivity action has fallen due.</summary>
public interface IInactivityIndex
{
    /// <summary>States of <paramref name="registry"/> with an inactivity action due at <paramref name="now"/>; paged.</summary>
    Task<(IReadOnlyList<VisibilityState> States, string? Continuation)> DueAsync(string registry, DateTimeOffset now, string? continuation, CancellationToken cancellationToken);
}

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
