namespace IntegrationHub.Core.Breach;

/// <summary>
/// What the access log's field names mean as the campaign's data categories, so a letter says "your work experience",
/// never <c>workExperience</c>. The field names are those the employer view and search hits record
/// (<see cref="Access.EmployerProjection"/>, <see cref="Access.EmployerCvService.HitFields"/>); a field not listed here
/// (language, lastActivity) says nothing a citizen would call their data, and is left out rather than printed.
/// </summary>
public static class BreachDataCategories
{
    private static readonly Dictionary<string, string> ByField = new(StringComparer.Ordinal)
    {
        ["personalDetails.givenName"] = "personal-details",
        ["personalDetails.familyName"] = "personal-details",
        ["personalDetails.email"] = "contact-details",
        ["personalDetails.phone"] = "contact-details",
        ["personalDetails.address"] = "location",
        ["municipalities"] = "location",
        ["summary"] = "cv-text",
        ["workExperience"] = "work-experience",
        ["volunteerWork"] = "work-experience",
        ["education"] = "education",
        ["courses"] = "education",
        ["certifications"] = "education",
        ["languages"] = "skills",
        ["itSkills"] = "skills",
        ["drivingLicences"] = "skills",
        ["skills"] = "skills",
        ["jobsSought"] = "occupation",
        ["occupations"] = "occupation",
    };

    /// <summary>The categories the fields fall in, in letter order, each once.</summary>
    public static IReadOnlyList<string> FromFields(IEnumerable<string> fields)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            // "personalDetails.x" for a detail added later: still personal details, never the raw name.
            if (ByField.TryGetValue(field, out var category) || (field.StartsWith("personalDetails", StringComparison.Ordinal) && (category = "personal-details") is not null))
            {
                found.Add(category);
            }
        }
        return [.. BreachLetterTexts.CategoryOrder.Where(found.Contains)];
    }

    /// <summary>The campaign's categories in letter order.</summary>
    public static IReadOnlyList<string> Ordered(IEnumerable<string> categories)
    {
        var set = categories.ToHashSet(StringComparer.Ordinal);
        return [.. BreachLetterTexts.CategoryOrder.Where(set.Contains)];
    }
}
