namespace IntegrationHub.Contracts.Cvs;

// The closed lists of the CV schema, as string constants: JSON stays plain strings.

/// <summary>How the citizen chose to publish the CV.</summary>
public static class Publication
{
    /// <summary>Findable by employers without personal details.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Findable by employers with personal details.</summary>
    public const string Open = "open";
}

/// <summary>The citizen's preferred language (ISO 639-1).</summary>
public static class PreferredLanguage
{
    public const string NorwegianBokmal = "nb";
    public const string NorwegianNynorsk = "nn";
    public const string Norwegian = "no";
    public const string Danish = "da";
    public const string Dutch = "nl";
    public const string English = "en";
    public const string Swedish = "sv";
    public const string German = "de";
    public const string French = "fr";
    public const string Polish = "pl";
    public const string Ukrainian = "uk";
    public const string Arabic = "ar";
    public const string Somali = "so";
    public const string Tigrinya = "ti";
}

/// <summary>Common European Framework of Reference levels, plus native.</summary>
public static class CefrLevel
{
    public const string A1 = "A1";
    public const string A2 = "A2";
    public const string B1 = "B1";
    public const string B2 = "B2";
    public const string C1 = "C1";
    public const string C2 = "C2";
    public const string Native = "native";
}

/// <summary>How well the citizen knows a piece of software or a technology.</summary>
public static class ItSkillLevel
{
    public const string Basic = "basic";
    public const string Intermediate = "intermediate";
    public const string Advanced = "advanced";
    public const string Expert = "expert";
}

/// <summary>Driving licence classes (EU directive 2006/126/EC, plus T for tractors).</summary>
public static class DrivingLicenceClass
{
    public const string AM = "AM";
    public const string A1 = "A1";
    public const string A2 = "A2";
    public const string A = "A";
    public const string B = "B";
    public const string BE = "BE";
    public const string C1 = "C1";
    public const string C1E = "C1E";
    public const string C = "C";
    public const string CE = "CE";
    public const string D1 = "D1";
    public const string D1E = "D1E";
    public const string D = "D";
    public const string DE = "DE";
    public const string T = "T";
}

/// <summary>Full or part time.</summary>
public static class WorkExtent
{
    public const string FullTime = "fullTime";
    public const string PartTime = "partTime";
}

/// <summary>The kinds of engagement a citizen would take.</summary>
public static class EngagementType
{
    public const string Permanent = "permanent";
    public const string Temporary = "temporary";
    public const string Seasonal = "seasonal";
    public const string Project = "project";
    public const string Trainee = "trainee";
    public const string Freelance = "freelance";
}
