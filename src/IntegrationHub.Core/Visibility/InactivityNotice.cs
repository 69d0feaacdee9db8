using System.Text.Json;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;

namespace IntegrationHub.Core.Visibility;

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
