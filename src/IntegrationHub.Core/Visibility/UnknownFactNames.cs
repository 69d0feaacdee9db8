namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The names of facts in "facts-unknown:&lt;fact&gt;" reasons (<see cref="VisibilityReasons.FactsUnknown"/>). Was
/// <c>VisibilityFacts</c>, which read as the facts of a decision (those are <see cref="CitizenFacts"/>).
/// </summary>
public static class UnknownFactNames
{
    public const string WorkOrientedBenefit = "work-oriented-benefit";
    public const string ReducedWorkCapacityBenefit = "reduced-work-capacity-benefit";
    public const string AgreedToShowDespiteReducedCapacity = "agreed-to-show-despite-reduced-capacity";
    public const string JobReady = "job-ready";
    public const string ProtectedAddress = "protected-address";
    public const string LastCitizenActivity = "last-citizen-activity";
}
