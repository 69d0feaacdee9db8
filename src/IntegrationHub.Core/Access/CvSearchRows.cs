namespace IntegrationHub.Core.Access;

/// <summary>A page of index rows from one dimension's partition, and where the next starts.</summary>
public sealed record CvSearchRows(IReadOnlyList<CvSearchHit> Hits, string? Continuation);
