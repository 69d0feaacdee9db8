using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.Access;

/// <summary>
/// What the consent's scope (<see cref="Visibility.ConsentScope"/>, kept in the decision) leaves of a search hit, and
/// what a served hit holds for the access log.
/// </summary>
public static class SearchHitScope
{
    /// <summary>
    /// A hit holds only what the scope covers: occupations and places come from jobsSought, languages from languages,
    /// skills from itSkills (see <see cref="CvFactsBuilder"/>). The activity date is the hub's own, not a CV section.
    /// Null or empty scope: every section the presentation allows.
    /// </summary>
    public static CvSearchHit Within(CvSearchHit hit, IReadOnlyList<string>? scope) => scope is not { Count: > 0 } ? hit : hit with
    {
        Occupations = CvSections.Covers(scope, CvSections.JobsSought) ? hit.Occupations : [],
        Municipalities = CvSections.Covers(scope, CvSections.JobsSought) ? hit.Municipalities : [],
        Languages = CvSections.Covers(scope, CvSections.Languages) ? hit.Languages : [],
        Skills = CvSections.Covers(scope, CvSections.ItSkills) ? hit.Skills : [],
    };

    /// <summary>The fields a served hit holds, for the access log.</summary>
    public static IReadOnlyList<string> Fields(CvSearchHit hit)
    {
        var fields = new List<string>(5);
        if (hit.Occupations.Count > 0)
        {
            fields.Add("occupations");
        }
        if (hit.Municipalities.Count > 0)
        {
            fields.Add("municipalities");
        }
        if (hit.Languages.Count > 0)
        {
            fields.Add("languages");
        }
        if (hit.Skills.Count > 0)
        {
            fields.Add("skills");
        }
        fields.Add("lastActivity");
        return fields;
    }
}
