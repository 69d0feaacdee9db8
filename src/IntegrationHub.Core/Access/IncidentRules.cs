namespace IntegrationHub.Core.Access;

/// <summary>The rules that suspend an account, as an incident names them (the API's Incident.rule enum is held to this list by a test).</summary>
public static class IncidentRules
{
    public const string DailyCeiling = "daily-ceiling";
    public const string Rolling7Day = "rolling-7-day";
    public const string Rolling30Day = "rolling-30-day";
    public const string AboveBaseline = "above-baseline";
    public const string Enumeration = "enumeration";

    public static IReadOnlyList<string> All { get; } = [DailyCeiling, Rolling7Day, Rolling30Day, AboveBaseline, Enumeration];
}
