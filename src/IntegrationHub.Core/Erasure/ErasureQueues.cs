namespace IntegrationHub.Core.Erasure;

/// <summary>The Erasure capability's queue names (ADR 0027, 0035), shared by the trigger's attribute and the sender.</summary>
public static class ErasureQueues
{
    /// <summary>Erasures to resume (a request that died part-way, a hold that ended); names the job's key, never the citizen.</summary>
    public const string CitizenErasure = "citizen-erasure";

    public static IReadOnlyList<string> All { get; } = [CitizenErasure];
}
