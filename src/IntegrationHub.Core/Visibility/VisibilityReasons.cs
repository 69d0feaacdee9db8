namespace IntegrationHub.Core.Visibility;

/// <summary>Stable reason codes of a <see cref="VisibilityDecision"/>.</summary>
public static class VisibilityReasons
{
    public const string NoCv = "no-cv";

    /// <summary>No consent is known (consent is opt-in: unknown consent is missing consent).</summary>
    public const string ConsentMissing = "consent-missing";

    /// <summary>Consent is known to be absent (withdrawn, or stated as not given).</summary>
    public const string ConsentWithdrawn = "consent-withdrawn";

    public const string WorkOrientedBenefit = "work-oriented-benefit";
    public const string ReducedWorkCapacityBenefit = "reduced-work-capacity-benefit";
    public const string ProtectedAddress = "protected-address";
    public const string Inactive12Weeks = "inactive-12-weeks";

    /// <summary>No row of the jurisdiction's table gave a legal basis (a table without a consent row would say so).</summary>
    public const string NoLegalBasis = "no-legal-basis";
    public const string Visible = "visible";

    /// <summary>Prefix of "facts-unknown:&lt;fact&gt;".</summary>
    public const string FactsUnknownPrefix = "facts-unknown:";

    public static string FactsUnknown(string fact) => FactsUnknownPrefix + fact;
}
