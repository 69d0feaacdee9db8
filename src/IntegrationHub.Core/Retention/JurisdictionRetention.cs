using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Retention;

/// <summary>One jurisdiction's own periods ("Hub:Retention:Jurisdictions:{NO|DK|NL}").</summary>
public sealed class JurisdictionRetention
{
    [Range(2, 120, ErrorMessage = "AccessLogMonths must be 2-120.")]
    public int? AccessLogMonths { get; set; }

    [Range(1, 240, ErrorMessage = "VisibilityHistoryMonths must be 1-240.")]
    public int? VisibilityHistoryMonths { get; set; }
}
