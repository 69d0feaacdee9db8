using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The data of the outbound "CvVisibilityChanged" event: what employers and boards can now see of one CV. It carries
/// the employer view only, never the reasons, so a subscriber learns that a CV was hidden, not why.
/// </summary>
public sealed record CvVisibilityChanged(
    string Registry,
    string CvId,
    bool VisibleToEmployers,
    bool Searchable,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Presentation? Presentation,
    DateTimeOffset ChangedAt)
{
    public const string EventType = "org.integrationhub.cv.visibility-changed";

    /// <summary>
    /// The events one state change emits: one per CV whose employer view changed. Nothing when only the reasons or
    /// the caseworker audience changed, since that is invisible to employers and must stay so.
    /// </summary>
    public static IReadOnlyList<OutboundEvent> Between(VisibilityState? previous, VisibilityState next)
    {
        var before = ViewOf(previous);
        var after = ViewOf(next);
        if (before == after)
        {
            return [];
        }
        var events = new List<OutboundEvent>(2);
        // The CV itself was replaced: the old one closes for employers before the new one opens.
        if (before.CvId is not null && before.CvId != after.CvId && before.Visible)
        {
            events.Add(Create(next, before.CvId, (false, false, null)));
        }
        if (after.CvId is not null && (after.CvId == before.CvId || after.Visible))
        {
            events.Add(Create(next, after.CvId, (after.Visible, after.Searchable, after.Visible ? after.Presentation : null)));
        }
        return events;
    }

    private static (string? CvId, bool Visible, bool Searchable, Presentation? Presentation) ViewOf(VisibilityState? state)
    {
        if (state?.Cv is null)
        {
            return (null, false, false, null);
        }
        var (visible, searchable) = state.Decision.EmployerView();
        return (state.Cv.CvId, visible, searchable, visible ? state.Decision.Presentation : null);
    }

    private static OutboundEvent Create(VisibilityState state, string cvId, (bool Visible, bool Searchable, Presentation? Presentation) view)
    {
        var data = new CvVisibilityChanged(state.Registry, cvId, view.Visible, view.Searchable, view.Presentation, state.DecidedAt);
        return new OutboundEvent(
            HubIds.NewMessageId(),
            EventType,
            $"/registries/{state.Registry}",
            $"cvs/{cvId}",
            state.DecidedAt,
            OutboundTopics.CvVisibility,
            cvId,
            JsonSerializer.Serialize(data, VisibilityJson.Default.CvVisibilityChanged));
    }
}
