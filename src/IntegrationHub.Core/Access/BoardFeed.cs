using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Access;

public static class FeedChanges
{
    public const string Created = "created";
    public const string Modified = "modified";
    public const string Closed = "closed";
}

/// <summary>One entry of the boards' change list.</summary>
public sealed record FeedChange(string Registry, string CvId, string Change, DateTimeOffset At);

/// <summary>A CV the boards may fetch now, and since when.</summary>
public sealed record FeedReference(string Registry, string CvId, DateTimeOffset Since);

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

/// <summary>A board's grant to read the feed ("Hub:Feeds:{boardId}").</summary>
public sealed class FeedGrant
{
    public bool Enabled { get; set; }

    /// <summary>The board's own daily ceiling of CV details (instead of the employer default).</summary>
    [Range(1, 10_000_000)]
    public int DailyCeiling { get; set; } = 20_000;
}

/// <summary>Section "Hub:Feeds": board id -> grant.</summary>
public sealed class FeedOptions
{
    public const string Section = "Hub:Feeds";

    public Dictionary<string, FeedGrant> Boards { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How late a change row may land after the time in its key (ADR 0029): the change list serves only rows older than
    /// this, and a writer whose row took more than half of it to land records the change again under a fresh key, so no
    /// row lands behind a token already handed out. 0 switches both off (hosts whose readers must see a change at once).
    /// </summary>
    [Range(0, 600)]
    public int ChangesHorizonSeconds { get; set; } = 30;

    /// <summary>References per details request at most.</summary>
    public const int MaxDetails = 100;
}
