namespace IntegrationHub.Core.Access;

/// <summary>GET /api/feed/cvs: a page of the CVs the board may receive, and the sealed token of the next page (null at the end).</summary>
public sealed record BoardFeedReferences(IReadOnlyList<BoardFeedReference> Items, string? Next);
