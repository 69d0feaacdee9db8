using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Denmark (Jobnet). A citizen in a target group with a search duty (dagpenge, job-ready kontanthjælp) is shown to
/// employers without consent, on the basis of public task (art. 6(1)(e)); without a duty, consent decides. A benefit
/// as such hides nothing. A CV without citizen activity for 12 weeks is neither searchable nor shown, duty or not
/// (see <see cref="InactivitySchedule"/>); unknown last activity hides it.
/// </summary>
public sealed class DenmarkPolicy : IVisibilityPolicy
{
    public static IReadOnlyList<VisibilityRule> Table { get; } =
    [
        new("search-duty", [CitizenFact.SearchDuty], (f, _) => f.SearchDuty == true,
            RuleEffect.Permit, "search-duty", VisibilitySources.JobnetSearchDuty + "; " + VisibilitySources.GdprArticle6, LegalBasis.PublicTask),
        .. SharedVisibilityRules.Consent,
        .. SharedVisibilityRules.ProtectedAddress,
        new("inactive-12-weeks", [CitizenFact.Activity], (f, now) => f.LastCitizenActivityAt is { } last && InactivitySchedule.IsInactive(last, now),
            RuleEffect.Hide, VisibilityReasons.Inactive12Weeks, VisibilitySources.JobnetInactivity),
        new("last-activity-unknown", [CitizenFact.Activity], (f, _) => f.LastCitizenActivityAt is null,
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(UnknownFactNames.LastCitizenActivity), VisibilitySources.UnknownHides),
    ];

    public string Jurisdiction => "DK";

    public IReadOnlyList<VisibilityRule> Rules => Table;

    public VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now) => SharedVisibilityRules.Decide(Table, facts, now);

    public bool FollowsInactivitySchedule => true;
}
