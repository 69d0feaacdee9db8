namespace IntegrationHub.Core.Access;

/// <summary>
/// One page of a one-time sweep of the CVs' manifests (ADR 0045, "Manifest rows nothing removed"; <see cref="ManifestSweep"/>):
/// the CVs whose manifest lists no row (or some), and where the next page starts (null after the last).
/// </summary>
public sealed record CvSearchManifestPage(IReadOnlyList<string> CvIds, string? Continuation);
