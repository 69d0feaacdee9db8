namespace IntegrationHub.Storage.Cvs;

/// <summary>The Cvs capability's tables and container, before any prefix (ADR 0027, 0035).</summary>
public static class CvsTables
{
    public const string CvsTable = "Cvs";
    public const string CvFactsTable = "CvFacts";
    public const string CvContainer = "cvs";

    public static IReadOnlyList<string> All { get; } = [CvsTable, CvFactsTable];
    public static IReadOnlyList<string> Containers { get; } = [CvContainer];
}
