namespace IntegrationHub.Core.Access;

/// <summary>GET /api/feed/cvs/changes: a page of changes and the token to ask from next.</summary>
public sealed record BoardFeedChanges(IReadOnlyList<BoardFeedChange> Items, string? Next);
