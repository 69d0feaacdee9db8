namespace IntegrationHub.Core.Access;

/// <summary>
/// The one-time sweeps of the CVs' manifests (ADR 0045), run one after the other, each with its own cursor: the CVs gone
/// whose manifest nothing would remove otherwise get what an erasure gives them (the top fence, their rows out, a record).
/// </summary>
public enum ManifestSweep
{
    /// <summary>Manifests that list no row: CVs erased or deleted before the erasure and the deletion recorded themselves.</summary>
    WithoutRows,

    /// <summary>
    /// Manifests that still list rows: CVs that went while a writer from before ADR 0045's fence listed rows after their
    /// removal (the races its Context names), whose rows and manifest nothing else takes out.
    /// </summary>
    WithRows,
}
