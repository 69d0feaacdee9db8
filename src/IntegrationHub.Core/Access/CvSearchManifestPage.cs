namespace IntegrationHub.Core.Access;

/// <summary>
/// One page of the one-time sweep of the CVs' manifests (ADR 0045, "Manifest rows nothing removed"): the CVs whose
/// manifest lists no row, and where the next page starts (null after the last).
/// </summary>
public sealed record CvSearchManifestPage(IReadOnlyList<string> CvIds, string? Continuation);
