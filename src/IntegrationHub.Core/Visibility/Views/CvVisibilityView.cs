using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// GET /api/cvs/{cvId}/visibility, for the owning registry only: the decision in force, why (reasons, legal basis per
/// purpose: they can tell a target group or a protected address), the facts it rests on, and what the hub served before.
/// </summary>
public sealed record CvVisibilityView(
    string CvId,
    [property: AllowedValues(nameof(Visibility.Audience.Nobody), nameof(Visibility.Audience.Caseworkers), nameof(Visibility.Audience.CaseworkersWithClearance), nameof(Visibility.Audience.Employers))] string Audience,
    [property: AllowedValues(nameof(Visibility.Presentation.Anonymous), nameof(Visibility.Presentation.Open))] string Presentation,
    bool Searchable,
    [property: Description("Stable reason codes: visible, consent-missing, work-oriented-benefit, protected-address, facts-unknown:<fact>, ...")] IReadOnlyList<string> Reasons,
    CvVisibilityLegalBasis LegalBasis,
    DateTimeOffset DecidedAt,
    CitizenFacts Facts,
    [property: Description("What the hub served, in its own time, oldest first; each period lasts until the next one starts.")] IReadOnlyList<CvVisibilityPeriod> History)
{
    public static CvVisibilityView From(string cvId, CvVisibilityExplanation explanation)
    {
        var (state, history) = explanation;
        var decision = state.Decision;
        return new(
            cvId,
            decision.Audience.ToString(),
            decision.Presentation.ToString(),
            decision.Searchable,
            decision.Reasons,
            new CvVisibilityLegalBasis(
                CvVisibilityLegalBasis.Name(decision.LegalBasis),
                CvVisibilityLegalBasis.Name(state.Boards?.Shared == true ? Visibility.LegalBasis.Consent : Visibility.LegalBasis.None)),
            state.DecidedAt,
            state.Facts,
            [.. history.Select((h, i) => CvVisibilityPeriod.Of(h, i + 1 < history.Count ? history[i + 1].From : null))]);
    }
}
