namespace IntegrationHub.Core.Cvs;

/// <summary>
/// The Cvs capability's queue names (ADR 0027, 0035). Cvs sends <see cref="CvChanges"/> and Visibility handles it: the
/// name sits with the sender, below both, so neither names a capability above it.
/// </summary>
public static class CvsQueues
{
    /// <summary>Pages of committed CV changes for downstream processing.</summary>
    public const string CvChanges = "cv-changes";

    public static IReadOnlyList<string> All { get; } = [CvChanges];
}
