namespace IntegrationHub.Storage.Access;

/// <summary>The Access capability's tables, before any prefix (ADR 0027, 0035): the search index, the access log and guard, the board feed.</summary>
public static class AccessTables
{
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

    public static IReadOnlyList<string> CvSearchShards { get; } =
        [.. Enumerable.Range(0, CvSearchShardCount).Select(i => CvSearchShardPrefix + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))];

    public static IReadOnlyList<string> All { get; } = [CvSearchManifestTable, AccessLogTable, AccessCountersTable, IncidentsTable, BoardFeedTable, .. CvSearchShards];
}
