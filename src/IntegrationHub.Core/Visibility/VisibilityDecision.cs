namespace IntegrationHub.Core.Visibility;

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
