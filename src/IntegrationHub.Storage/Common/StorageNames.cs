using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Cvs;
using IntegrationHub.Storage.Erasure;
using IntegrationHub.Storage.JobAds;
using IntegrationHub.Storage.Outbox;
using IntegrationHub.Storage.Visibility;

namespace IntegrationHub.Storage.Common;

/// <summary>
/// The hub's storage resources, before any prefix, as the hosts iterate them (created at start, held to infra/main.bicep
/// by the agreement tests). Each capability names its own next to its storage module (<c>CvsTables</c>, ...; ADR 0035);
/// this composes them in the graph's order and keeps what is no capability's: the audit container and which tables go
/// to the search account.
/// </summary>
public static class StorageNames
{
    /// <summary>
    /// The append-only copy of the access log, breach ledger and incidents (Audit.AuditTrail); in Azure under a time-based
    /// immutability policy (infra/app/storage.bicep), so not even the hub can rewrite it.
    /// </summary>
    public const string AuditContainer = "audit";

    public static IReadOnlyList<string> Tables { get; } = [.. OutboxTables.All, .. CvsTables.All, .. VisibilityTables.All, .. AccessTables.All,
        .. JobAdsTables.All, .. BreachTables.All, .. ErasureTables.All];
    public static IReadOnlyList<string> Containers { get; } = [.. CvsTables.Containers, AuditContainer];

    /// <summary>The search index's tables: on the search account when one is configured (ADR 0013), else on the hub's.</summary>
    public static IReadOnlyList<string> SearchIndexTables { get; } = [AccessTables.CvSearchManifestTable, .. AccessTables.CvSearchShards];

    private static readonly HashSet<string> SearchIndexTableSet = new(SearchIndexTables, StringComparer.Ordinal);

    public static bool IsSearchIndexTable(string name) => SearchIndexTableSet.Contains(name);
}
