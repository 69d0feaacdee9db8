namespace IntegrationHub.Storage.Erasure;

/// <summary>The Erasure capability's tables, before any prefix (ADR 0027, 0035).</summary>
public static class ErasureTables
{
    /// <summary>Erasure jobs under way, the tombstones of erased citizens (keyed hashes) and the CvErased outbox (ADR 0022).</summary>
    public const string ErasuresTable = "Erasures";

    public static IReadOnlyList<string> All { get; } = [ErasuresTable];
}
