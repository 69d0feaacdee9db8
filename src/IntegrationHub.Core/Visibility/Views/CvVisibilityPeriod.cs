using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Visibility;

/// <summary>One period of a CV's served history: the decision and facts from <see cref="From"/> until <see cref="To"/> (null: still in force).</summary>
public sealed record CvVisibilityPeriod(
    DateTimeOffset From,
    DateTimeOffset? To,
    string? CvId,
    [property: AllowedValues(nameof(Visibility.Audience.Nobody), nameof(Visibility.Audience.Caseworkers), nameof(Visibility.Audience.CaseworkersWithClearance), nameof(Visibility.Audience.Employers))] string Audience,
    [property: AllowedValues(nameof(Visibility.Presentation.Anonymous), nameof(Visibility.Presentation.Open))] string Presentation,
    bool Searchable,
    IReadOnlyList<string> Reasons,
    CvVisibilityPeriodLegalBasis LegalBasis,
    CitizenFacts Facts)
{
    public static CvVisibilityPeriod Of(VisibilityInterval interval, DateTimeOffset? to) => new(
        interval.From,
        to,
        interval.CvId,
        interval.Decision.Audience.ToString(),
        interval.Decision.Presentation.ToString(),
        interval.Decision.Searchable,
        interval.Decision.Reasons,
        new CvVisibilityPeriodLegalBasis(CvVisibilityLegalBasis.Name(interval.Decision.LegalBasis)),
        interval.Facts);
}
