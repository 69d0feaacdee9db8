using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>Decides who may see a CV in one jurisdiction, by its rule table. Pure: no I/O, the clock is a parameter.</summary>
public interface IVisibilityPolicy
{
    /// <summary>ISO 3166-1 alpha-2 code, e.g. "NO".</summary>
    string Jurisdiction { get; }

    /// <summary>The jurisdiction's rule table, rows in order (docs/visibility-rules.md).</summary>
    IReadOnlyList<VisibilityRule> Rules { get; }

    /// <summary>The table evaluated by the one evaluator, <see cref="SharedVisibilityRules.Decide"/>.</summary>
    VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now);

    /// <summary>The facts the rows read: the only ones this jurisdiction needs, and the ones a status snapshot must state.</summary>
    IReadOnlySet<CitizenFact> Facts => Rules.SelectMany(r => r.Reads).ToHashSet();

    /// <summary>The jurisdiction's inactivity timetable applies (<see cref="InactivitySchedule"/>, swept by <see cref="InactivitySweep"/>).</summary>
    bool FollowsInactivitySchedule => false;
}

/// <summary>The policy of each supported jurisdiction.</summary>
public static class VisibilityPolicies
{
    private static readonly Dictionary<string, IVisibilityPolicy> ByJurisdiction =
        new IVisibilityPolicy[] { new NorwayPolicy(), new DenmarkPolicy(), new NetherlandsPolicy() }
            .ToDictionary(p => p.Jurisdiction, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> Jurisdictions => ByJurisdiction.Keys;

    /// <summary>The policy for a jurisdiction code (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The jurisdiction is not supported.</exception>
    public static IVisibilityPolicy For(string jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(jurisdiction);
        return ByJurisdiction.TryGetValue(jurisdiction, out var policy)
            ? policy
            : throw new ArgumentException(
                $"No visibility policy for jurisdiction '{jurisdiction}'; supported: {string.Join(", ", ByJurisdiction.Keys)}.",
                nameof(jurisdiction));
    }
}

/// <summary>
/// Norway (NAV). Consent is the basis (art. 6(1)(a)). A work-oriented benefit or follow-up hides the CV whatever the
/// citizen consents to (NAV closed that access on 17 February 2021): there is deliberately no row that could override
/// it. Reduced work capacity (AAP) hides unless the citizen agreed and is job-ready.
/// </summary>
public sealed class NorwayPolicy : IVisibilityPolicy
{
    public static IReadOnlyList<VisibilityRule> Table { get; } =
    [
        .. SharedVisibilityRules.Consent,
        new("work-oriented-benefit", [CitizenFact.WorkOrientedBenefit], (f, _) => f.WorkOrientedBenefit == true,
            RuleEffect.Hide, VisibilityReasons.WorkOrientedBenefit, VisibilitySources.Nav2021),
        new("work-oriented-benefit-unknown", [CitizenFact.WorkOrientedBenefit], (f, _) => f.WorkOrientedBenefit is null,
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(VisibilityFacts.WorkOrientedBenefit), VisibilitySources.UnknownHides),
        new("reduced-work-capacity", [CitizenFact.ReducedWorkCapacityBenefit, CitizenFact.AgreedToShowDespiteReducedCapacity, CitizenFact.JobReady],
            (f, _) => f.ReducedWorkCapacityBenefit == true && (f.AgreedToShowDespiteReducedCapacity == false || f.JobReady == false),
            RuleEffect.Hide, VisibilityReasons.ReducedWorkCapacityBenefit, VisibilitySources.NavReducedCapacity),
        new("reduced-work-capacity-unknown", [CitizenFact.ReducedWorkCapacityBenefit], (f, _) => f.ReducedWorkCapacityBenefit is null,
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(VisibilityFacts.ReducedWorkCapacityBenefit), VisibilitySources.UnknownHides),
        new("reduced-work-capacity-agreement-unknown", [CitizenFact.ReducedWorkCapacityBenefit, CitizenFact.AgreedToShowDespiteReducedCapacity],
            (f, _) => f.ReducedWorkCapacityBenefit == true && f.AgreedToShowDespiteReducedCapacity is null,
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(VisibilityFacts.AgreedToShowDespiteReducedCapacity), VisibilitySources.UnknownHides),
        new("reduced-work-capacity-job-ready-unknown", [CitizenFact.ReducedWorkCapacityBenefit, CitizenFact.JobReady],
            (f, _) => f.ReducedWorkCapacityBenefit == true && f.JobReady is null,
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(VisibilityFacts.JobReady), VisibilitySources.UnknownHides),
        .. SharedVisibilityRules.ProtectedAddress,
    ];

    public string Jurisdiction => "NO";

    public IReadOnlyList<VisibilityRule> Rules => Table;

    public VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now) => SharedVisibilityRules.Decide(Table, facts, now);
}

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
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(VisibilityFacts.LastCitizenActivity), VisibilitySources.UnknownHides),
    ];

    public string Jurisdiction => "DK";

    public IReadOnlyList<VisibilityRule> Rules => Table;

    public VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now) => SharedVisibilityRules.Decide(Table, facts, now);

    public bool FollowsInactivitySchedule => true;
}

/// <summary>
/// Netherlands (werk.nl). Every citizen may publish, anonymously or openly, whatever their work or benefit situation:
/// no benefit row exists, and benefit data is never part of what employers see. Consent decides.
/// </summary>
public sealed class NetherlandsPolicy : IVisibilityPolicy
{
    public static IReadOnlyList<VisibilityRule> Table { get; } =
    [
        .. SharedVisibilityRules.Consent,
        .. SharedVisibilityRules.ProtectedAddress,
    ];

    public string Jurisdiction => "NL";

    public IReadOnlyList<VisibilityRule> Rules => Table;

    public VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now) => SharedVisibilityRules.Decide(Table, facts, now);
}
