namespace IntegrationHub.Storage.Breach;

/// <summary>The Breach capability's tables, before any prefix (ADR 0027, 0035).</summary>
public static class BreachTables
{
    public const string BreachesTable = "Breaches";
    public const string BreachAudienceTable = "BreachAudience";

    /// <summary>Each dry run's citizens packed for the planner, a row per run of them (ADR 0062).</summary>
    public const string BreachAudiencePacksTable = "BreachAudiencePacks";

    /// <summary>The fan-out: a row per citizen delivered or failed (partition per page) and a row per page (partition "{campaign}|pages").</summary>
    public const string BreachLedgerTable = "BreachLedger";

    public static IReadOnlyList<string> All { get; } = [BreachesTable, BreachAudienceTable, BreachAudiencePacksTable, BreachLedgerTable];
}
