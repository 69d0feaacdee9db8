namespace IntegrationHub.Storage.Visibility;

/// <summary>The Visibility capability's tables, before any prefix (ADR 0027, 0035).</summary>
public static class VisibilityTables
{
    public const string CitizenEventsTable = "CitizenEvents";
    public const string VisibilityTable = "Visibility";

    public static IReadOnlyList<string> All { get; } = [CitizenEventsTable, VisibilityTable];
}
