namespace IntegrationHub.Core.Access;

/// <summary>
/// Where a one-time sweep of the manifests stopped (<see cref="ManifestSweep"/>) (ADR 0045, "Manifest rows nothing removed"): the next page's
/// continuation (null: from the start), and whether it went through every manifest (then no tick reads them again).
/// </summary>
public sealed record CvSearchSweepCursor(string? Continuation, bool Done);
