using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The legal basis per purpose, GDPR art. 6(1)(a) consent or 6(1)(e) public task (<see cref="LegalBasis"/>). For the
/// owning registry only: for a Danish CV it tells whether the citizen is in a target group.
/// </summary>
public sealed record CvVisibilityLegalBasis(
    [property: AllowedValues(CvVisibilityLegalBasis.Consent, CvVisibilityLegalBasis.PublicTask, CvVisibilityLegalBasis.None)] string Employers,
    [property: AllowedValues(CvVisibilityLegalBasis.Consent, CvVisibilityLegalBasis.None)] string Boards)
{
    public const string Consent = "consent";
    public const string PublicTask = "public-task";
    public const string None = "none";

    /// <summary>"consent", "public-task" or "none".</summary>
    public static string Name(LegalBasis basis) => basis switch
    {
        LegalBasis.Consent => Consent,
        LegalBasis.PublicTask => PublicTask,
        _ => None,
    };
}
