using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.Core.JobAds;

/// <summary>One board's HTTP API (an adapter per board; see IntegrationHub.Boards).</summary>
public interface IBoardClient
{
    string Board { get; }

    /// <summary>
    /// Publishes (creates or replaces) the ads: in one call where the board takes batches, one by one where it does not.
    /// Answers one outcome per item, in order. Throws when the board cannot be reached at all (after the short retries).
    /// </summary>
    Task<IReadOnlyList<BoardOutcome>> PublishAsync(IReadOnlyList<BoardPublication> items, CancellationToken cancellationToken);

    /// <summary>Removes the ad from the board (an ad the board does not know counts as removed).</summary>
    Task<BoardOutcome> WithdrawAsync(BoardWithdrawal item, CancellationToken cancellationToken);

    /// <summary>
    /// Asks a board that answered "received" or "awaiting approval" how the ad fared: Accepted or Rejected once the board
    /// decided, Waiting while it has not (boards that decide at once answer Accepted).
    /// </summary>
    Task<BoardOutcome> CheckAsync(BoardWithdrawal item, CancellationToken cancellationToken);

    /// <summary>
    /// The least time between two status questions about one ad (NAV asks for an hour or more). Zero: the board sets no
    /// pace, and an undecided ad is asked again on the page's next delivery.
    /// </summary>
    TimeSpan StatusPollInterval => TimeSpan.Zero;
}
