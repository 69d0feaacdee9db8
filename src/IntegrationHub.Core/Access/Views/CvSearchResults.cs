namespace IntegrationHub.Core.Access;

/// <summary>
/// GET /api/cvs: a page of an employer's search and the sealed token of the next page (null at the end). The function
/// seals <see cref="Next"/>; the page itself is <see cref="CvSearchPage"/>.
/// </summary>
public sealed record CvSearchResults(IReadOnlyList<CvSearchResult> Items, string? Next);
