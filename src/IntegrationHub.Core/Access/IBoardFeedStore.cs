namespace IntegrationHub.Core.Access;

/// <summary>The boards' feed: the change list (append-only, in order) and the set of CVs shareable now.</summary>
public interface IBoardFeedStore
{
    /// <summary>Appends the change, and adds the CV to (created, modified) or removes it from (closed) the shareable set.</summary>
    Task RecordAsync(FeedChange change, CancellationToken cancellationToken);

    /// <summary>Changes after <paramref name="after"/> (a token from an earlier answer, or null for the start), oldest first.</summary>
    Task<(IReadOnlyList<FeedChange> Items, string? Next)> ChangesAsync(string? after, int take, CancellationToken cancellationToken);

    Task<(IReadOnlyList<FeedReference> Items, string? Next)> ShareableAsync(string? after, int take, CancellationToken cancellationToken);

    /// <summary>The token for "changes from this moment on".</summary>
    string TokenAt(DateTimeOffset time);

    /// <summary>Whether the CV is in the shareable set (a repeated decision repairs a change a crash kept from being recorded).</summary>
    Task<bool> IsShareableAsync(string cvId, CancellationToken cancellationToken);
}
