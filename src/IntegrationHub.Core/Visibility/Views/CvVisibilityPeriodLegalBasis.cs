using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Visibility;

/// <summary>The legal basis for employers in a past period (the history keeps no boards' basis).</summary>
public sealed record CvVisibilityPeriodLegalBasis(
    [property: AllowedValues(CvVisibilityLegalBasis.Consent, CvVisibilityLegalBasis.PublicTask, CvVisibilityLegalBasis.None)] string Employers);
