using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

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
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(UnknownFactNames.WorkOrientedBenefit), VisibilitySources.UnknownHides),
        new("reduced-work-capacity", [CitizenFact.ReducedWorkCapacityBenefit, CitizenFact.AgreedToShowDespiteReducedCapacity, CitizenFact.JobReady],
            (f, _) => f.ReducedWorkCapacityBenefit == true && (f.AgreedToShowDespiteReducedCapacity == false || f.JobReady == false),
            RuleEffect.Hide, VisibilityReasons.ReducedWorkCapacityBenefit, VisibilitySources.NavReducedCapacity),
        new("reduced-work-capacity-unknown", [CitizenFact.ReducedWorkCapacityBenefit], (f, _) => f.ReducedWorkCapacityBenefit is null,
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(UnknownFactNames.ReducedWorkCapacityBenefit), VisibilitySources.UnknownHides),
        new("reduced-work-capacity-agreement-unknown", [CitizenFact.ReducedWorkCapacityBenefit, CitizenFact.AgreedToShowDespiteReducedCapacity],
            (f, _) => f.ReducedWorkCapacityBenefit == true && f.AgreedToShowDespiteReducedCapacity is null,
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(UnknownFactNames.AgreedToShowDespiteReducedCapacity), VisibilitySources.UnknownHides),
        new("reduced-work-capacity-job-ready-unknown", [CitizenFact.ReducedWorkCapacityBenefit, CitizenFact.JobReady],
            (f, _) => f.ReducedWorkCapacityBenefit == true && f.JobReady is null,
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(UnknownFactNames.JobReady), VisibilitySources.UnknownHides),
        .. SharedVisibilityRules.ProtectedAddress,
    ];

    public string Jurisdiction => "NO";

    public IReadOnlyList<VisibilityRule> Rules => Table;

    public VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now) => SharedVisibilityRules.Decide(Table, facts, now);
}
