namespace IntegrationHub.Core.Visibility;

/// <summary>Fact names used in "facts-unknown:&lt;fact&gt;" reasons.</summary>
public static class VisibilityFacts
{
    public const string WorkOrientedBenefit = "work-oriented-benefit";
    public const string ReducedWorkCapacityBenefit = "reduced-work-capacity-benefit";
    public const string AgreedToShowDespiteReducedCapacity = "agreed-to-show-despite-reduced-capacity";
    public const string JobReady = "job-ready";
    public const string ProtectedAddress = "protected-address";
    public const string LastCitizenActivity = "last-citizen-activity";
}
