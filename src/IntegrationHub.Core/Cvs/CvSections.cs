namespace IntegrationHub.Core.Cvs;

/// <summary>
/// The CV's top-level sections a consent may name (contracts/schemas/cv.schema.json, its properties less the ids, the
/// version, the publication choice, special-category data and the activity time, which no consent can release).
/// </summary>
public static class CvSections
{
    public const string PersonalDetails = "personalDetails";
    public const string JobsSought = "jobsSought";
    public const string Languages = "languages";
    public const string ItSkills = "itSkills";

    public static IReadOnlyList<string> All { get; } =
    [
        "summary", "workExperience", "education", "courses", "certifications", Languages, ItSkills, "drivingLicences", "volunteerWork", JobsSought,
        PersonalDetails,
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string name) => Known.Contains(name);

    /// <summary>True when <paramref name="scope"/> (null: every section) covers <paramref name="section"/>.</summary>
    public static bool Covers(IReadOnlyList<string>? scope, string section) =>
        scope is not { Count: > 0 } || scope.Contains(section, StringComparer.Ordinal);
}
