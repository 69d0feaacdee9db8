namespace IntegrationHub.Core.Access;

public sealed record CvSearchPage(IReadOnlyList<CvSearchHit> Hits, string? Continuation);
