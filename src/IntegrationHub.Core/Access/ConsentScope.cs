using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Access;

/// <summary>
/// The sections a citizen's consent to employers covers, and what that leaves of a search hit. Null stands for "every
/// section the presentation allows": a consent that names no sections, or a CV shown without consent (public task).
/// </summary>
public static class ConsentScope
{
    /// <summary>The sections the latest grant to employers names, in order; null when it names none.</summary>
    public static IReadOnlyList<string>? ForEmployers(FactLedger ledger) =>
        ledger.Facts.TryGetValue(CitizenFact.ConsentToEmployersScope, out var scope) && scope.Sections is { Count: > 0 } sections
            ? [.. sections.Order(StringComparer.Ordinal)]
            : null;

    /// <summary>
    /// A hit holds only what the scope covers: occupations and places come from jobsSought, languages from languages,
    /// skills from itSkills (see <see cref="CvFactsBuilder"/>). The activity date is the hub's own, not a CV section.
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
