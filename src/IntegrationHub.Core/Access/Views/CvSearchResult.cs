using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace IntegrationHub.Core.Access;

/// <summary>One search hit as an employer receives it: never personal details, never the citizen's id.</summary>
public sealed record CvSearchResult(
    string CvId,
    [property: AllowedValues("anonymous", "open")] string Presentation,
    [property: Description("The day (UTC) of the citizen's last activity, yyyy-MM-dd: the day, not the time, is enough to rank by.")] string LastActivity,
    IReadOnlyList<string> Occupations,
    IReadOnlyList<string> Municipalities,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Skills)
{
    public static CvSearchResult From(CvSearchHit hit) => new(
        hit.CvId,
        hit.Presentation,
        hit.LastActivity.UtcDateTime.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        hit.Occupations,
        hit.Municipalities,
        hit.Languages,
        hit.Skills);
}
