using IntegrationHub.Core.Callers;

namespace IntegrationHub.Core.Access;

/// <summary>
/// A board's reads of its feed (issue 20: the function touches no store): a page of the CVs it may receive now, and a
/// page of the change list. The CVs themselves go through <see cref="EmployerCvService.FeedDetailsAsync"/>, which
/// guards and logs every one. A suspended board gets no page either (<see cref="AccessGuard.SuspensionAsync"/>): the
/// references are not CV content, so they are not counted, but a harvesting account gets nothing until it is lifted.
/// </summary>
/// <remarks>
/// The shareable list's <c>next</c> is sealed (<see cref="Kernel.ContinuationTokens"/>, purpose
/// <see cref="ShareablePurpose"/>); the change list's stays a position in time, as a changes-since cursor is by contract
/// (a board may start from any time it chooses).
/// </remarks>
public sealed class BoardFeedQueries(IBoardFeedStore feed, Kernel.ContinuationTokens tokens, AccessGuard guard)
{
    /// <summary>References or changes per page.</summary>
    public const int PageSize = 1000;

    /// <summary>The purpose the shareable list's page tokens are sealed for; the caller opens a token with it.</summary>
    public const string ShareablePurpose = "feed-shareable";

    /// <summary>A change token starts with its time's UTC ticks in 19 digits and a <c>|</c> (the store's row key).</summary>
    private const int TokenTimeLength = 19;

    /// <summary>A page of the CVs the board may receive, after the opened token <paramref name="after"/> (null: from the start).</summary>
    public async Task<EmployerRead<BoardFeedReferences>> ShareableAsync(HubCaller board, string? after, CancellationToken cancellationToken)
    {
        // The suspension first, not beside the page: a suspended harvester polling on costs a point read, not a page.
        if (await guard.SuspensionAsync(board, cancellationToken) is AccessDecision.Suspended suspended)
        {
            return new EmployerRead<BoardFeedReferences>.Refused(suspended);
        }
        var (items, next) = await feed.ShareableAsync(after, PageSize, cancellationToken);
        return new EmployerRead<BoardFeedReferences>.Served(
            new BoardFeedReferences([.. items.Select(BoardFeedReference.From)], next is null ? null : tokens.Seal(ShareablePurpose, next)));
    }

    /// <summary>
    /// A page of the change list after <paramref name="token"/> (an earlier answer's <c>next</c>), else from
    /// <paramref name="from"/>, else from the start.
    /// </summary>
    public async Task<EmployerRead<BoardFeedChanges>> ChangesAsync(HubCaller board, string? token, DateTimeOffset? from, CancellationToken cancellationToken)
    {
        if (await guard.SuspensionAsync(board, cancellationToken) is AccessDecision.Suspended suspended)
        {
            return new EmployerRead<BoardFeedChanges>.Refused(suspended);
        }
        var after = token ?? (from is { } time ? feed.TokenAt(time) : null);
        var (items, next) = await feed.ChangesAsync(after, PageSize, cancellationToken);
        return new EmployerRead<BoardFeedChanges>.Served(new BoardFeedChanges([.. items.Select(BoardFeedChange.From)], next));
    }

    /// <summary>Whether a "since" the board sent is a change token from an earlier answer rather than a time.</summary>
    public static bool IsChangeToken(string since) =>
        since.Length > TokenTimeLength && since[TokenTimeLength] == '|' && since[..TokenTimeLength].All(char.IsAsciiDigit);
}
