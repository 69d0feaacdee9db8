using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Storage.Common;

/// <summary>Section "Hub:Storage".</summary>
public sealed class StorageOptions
{
    public const string Section = "Hub:Storage";

    /// <summary>
    /// Prefix for every table, container and queue name. Empty in Azure (the names the infrastructure creates);
    /// tests set one so that each test class gets its own resources on a shared Azurite.
    /// </summary>
    [RegularExpression("^[a-z0-9]{0,12}$", ErrorMessage = "Hub:Storage:NamePrefix must be 0-12 lower-case letters or digits.")]
    public string NamePrefix { get; set; } = "";

    /// <summary>Create missing tables, containers and queues at start (on for local runs; Bicep creates them in Azure).</summary>
    public bool CreateResources { get; set; } = true;

    /// <summary>Count every storage request per service and call (issue 18; benchmarks and tests). Off in production: docs/capacity.md.</summary>
    public bool CountRequests { get; set; }
}

/// <summary>The names of the hub's storage resources, before any prefix.</summary>
public static class StorageNames
{
    public const string CvsTable = "Cvs";
    public const string CvFactsTable = "CvFacts";
    public const string CitizenEventsTable = "CitizenEvents";
    public const string VisibilityTable = "Visibility";

    /// <summary>Job ads, their state per board, delivery signals and outbox, one partition per recruitment system.</summary>
    public const string JobAdsTable = "JobAds";

    /// <summary>The table sink of the outbox relay (local runs and tests; Service Bus in Azure).</summary>
    public const string OutboundEventsTable = "OutboundEvents";
    /// <summary>The search index's manifest (the rows each CV has) and each dimension's bucket directory.</summary>
    public const string CvSearchManifestTable = "CvSearchManifest";

    /// <summary>
    /// The search index rows are spread over this many tables ("CvSearch00".."CvSearch63"), by a hash of the partition
    /// (docs/adr/0011-search-index-shards.md). Changing it needs an index rebuild; infra/main.bicep passes the same count.
    /// </summary>
    public const int CvSearchShardCount = 64;
    public const string CvSearchShardPrefix = "CvSearch";
    public const string AccessLogTable = "AccessLog";
    public const string AccessCountersTable = "AccessCounters";
    public const string IncidentsTable = "Incidents";
    public const string BoardFeedTable = "BoardFeed";
    public const string BreachesTable = "Breaches";
    public const string BreachAudienceTable = "BreachAudience";

    /// <summary>The fan-out: a row per citizen delivered or failed (partition per page) and a row per page (partition "{campaign}|pages").</summary>
    public const string BreachLedgerTable = "BreachLedger";

    /// <summary>Erasure jobs under way, the tombstones of erased citizens (keyed hashes) and the CvErased outbox (ADR 0022).</summary>
    public const string ErasuresTable = "Erasures";
    public const string CvContainer = "cvs";

    /// <summary>
    /// The append-only copy of the access log, breach ledger and incidents (Audit.AuditTrail); in Azure under a time-based
    /// immutability policy (infra/app/storage.bicep), so not even the hub can rewrite it.
    /// </summary>
    public const string AuditContainer = "audit";

    public static IReadOnlyList<string> CvSearchShards { get; } =
        [.. Enumerable.Range(0, CvSearchShardCount).Select(i => CvSearchShardPrefix + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))];

    public static IReadOnlyList<string> Tables { get; } = [CvsTable, CvFactsTable, CitizenEventsTable, VisibilityTable, OutboundEventsTable,
        CvSearchManifestTable, AccessLogTable, AccessCountersTable, IncidentsTable, BoardFeedTable, JobAdsTable, BreachesTable, BreachAudienceTable,
        BreachLedgerTable, ErasuresTable, .. CvSearchShards];
    public static IReadOnlyList<string> Containers { get; } = [CvContainer, AuditContainer];

    /// <summary>The search index's tables: on the search account when one is configured (ADR 0013), else on the hub's.</summary>
    public static IReadOnlyList<string> SearchIndexTables { get; } = [CvSearchManifestTable, .. CvSearchShards];

    private static readonly HashSet<string> SearchIndexTableSet = new(SearchIndexTables, StringComparer.Ordinal);

    public static bool IsSearchIndexTable(string name) => SearchIndexTableSet.Contains(name);
}
