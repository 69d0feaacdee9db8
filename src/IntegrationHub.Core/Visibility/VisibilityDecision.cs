namespace IntegrationHub.Core.Visibility;

/// <summary>Who may see a CV.</summary>
public enum Audience
{
    /// <summary>Nobody (there is no CV).</summary>
    Nobody,

    /// <summary>The owning registry's own staff only.</summary>
    Caseworkers,

    /// <summary>Only caseworkers with special clearance (protected address).</summary>
    CaseworkersWithClearance,

    /// <summary>Employers (and the registry's caseworkers).</summary>
    Employers,
}

/// <summary>How a CV is presented to those who may see it.</summary>
public enum Presentation
{
    /// <summary>Without personal details.</summary>
    Anonymous,

    /// <summary>With personal details.</summary>
    Open,
}

/// <summary>
/// The visibility of one CV, computed from <see cref="CitizenFacts"/> by an <see cref="IVisibilityPolicy"/>.
/// </summary>
/// <remarks>
/// <see cref="Reasons"/> explain the decision and are for the owning registry only: they can reveal
/// special-category facts (a benefit, a protected address). Everything shown to employers, boards or any
/// other caller outside the owning registry must come from <see cref="EmployerView"/>, which looks the
/// same for every hidden CV whatever the reason.
/// </remarks>
public sealed record VisibilityDecision
{
    public required Audience Audience { get; init; }
    public required Presentation Presentation { get; init; }

    /// <summary>Employers may find the CV by search.</summary>
    public required bool Searchable { get; init; }

    /// <summary>Stable reason codes (see <see cref="VisibilityReasons"/>). Owning registry only.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>
    /// The legal basis for showing the CV to employers (the employers purpose); <see cref="LegalBasis.None"/> while they
    /// cannot see it. Owning registry only: for a Danish CV it says whether the citizen is in a target group.
    /// </summary>
    public LegalBasis LegalBasis { get; init; }

    /// <summary>The only view of the decision that may leave the owning registry: no reasons, nothing else.</summary>
    public (bool Visible, bool Searchable) EmployerView()
    {
        var visible = Audience == Audience.Employers;
        return (visible, visible && Searchable);
    }
}

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
