using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.Core.JobAds;

/// <summary>
/// A queued delivery signal: ad <see cref="AdId"/> has work on a board (the row's ETag guards its acknowledgement).
/// <see cref="DueAt"/> is set on a deferred signal (a status question held back to the board's pace), null on one due at once.
/// </summary>
public sealed record PendingDelivery(string AdId, string ETag, DateTimeOffset? DueAt = null);

/// <summary>The job-ad store: ads, their per-board states, the delivery signals and the outbox, in one table partition per client.</summary>
public interface IJobAdStore
{
    Task<StoredJobAd?> FindByReferenceAsync(string client, string reference, CancellationToken cancellationToken);

    Task<StoredJobAd?> GetAsync(string client, string adId, CancellationToken cancellationToken);

    /// <summary>Every board state of one ad.</summary>
    Task<IReadOnlyList<BoardDelivery>> DeliveriesAsync(string client, string adId, CancellationToken cancellationToken);

    /// <summary>The states of several ads on one board (missing ones are left out).</summary>
    Task<IReadOnlyList<BoardDelivery>> DeliveriesAsync(string client, string board, IReadOnlyList<string> adIds, CancellationToken cancellationToken);

    /// <summary>Several ads (missing ones are left out).</summary>
    Task<IReadOnlyList<StoredJobAd>> GetManyAsync(string client, IReadOnlyList<string> adIds, CancellationToken cancellationToken);

    /// <summary>
    /// The ad (ETag-guarded against <paramref name="previous"/>, or added with its reference row when new) and the
    /// changed board states with their events and delivery signals, in one transaction. False when another writer won.
    /// </summary>
    Task<bool> CommitAsync(StoredJobAd ad, StoredJobAd? previous, IReadOnlyList<DeliveryChange> changes, CancellationToken cancellationToken);

    /// <summary>
    /// Board-state changes from delivery work (one board, one client), batched; each guarded by its previous state's
    /// ETag. Answers the changes that lost to a concurrent writer (nothing of those was written).
    /// </summary>
    Task<IReadOnlyList<DeliveryChange>> UpdateDeliveriesAsync(string client, IReadOnlyList<DeliveryChange> changes, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> delivery signals of one board, oldest ads first.</summary>
    Task<IReadOnlyList<PendingDelivery>> ReadPendingAsync(string client, string board, int max, CancellationToken cancellationToken);

    /// <summary>Removes signals that were sent downstream (one written again meanwhile stays).</summary>
    Task AcknowledgeAsync(string client, string board, IReadOnlyList<PendingDelivery> sent, CancellationToken cancellationToken);

    /// <summary>Signals the ads again, each not before its time (status questions held back to the board's pace).</summary>
    Task DeferAsync(string client, string board, IReadOnlyList<(string AdId, DateTimeOffset DueAt)> deferrals, CancellationToken cancellationToken);

    /// <summary>Ads past their expiry that are not withdrawn yet.</summary>
    Task<IReadOnlyList<string>> ExpiredAsync(string client, DateTimeOffset now, int max, CancellationToken cancellationToken);
}

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

/// <param name="AdId">The hub's id of the ad: the board-side key where the board lets the sender choose one.</param>
/// <param name="RequestId">Unique per (ad, rendering): a board that refuses repeated request ids sees the same one on a retry.</param>
public sealed record BoardPublication(string AdId, BoardRendering Rendering, string? BoardReference, string RequestId);

public sealed record BoardWithdrawal(string AdId, string? BoardReference, string RequestId);

public enum BoardOutcomeKind
{
    /// <summary>The board took the ad and published it (or removed it, for a withdrawal).</summary>
    Accepted,

    /// <summary>The board received the ad and will decide later (NAV's RECEIVED receipt): followed with CheckAsync.</summary>
    Sent,

    /// <summary>The board holds the ad and a person there must approve it before it is published (Jobnet): followed with CheckAsync.</summary>
    AwaitingApproval,

    /// <summary>
    /// CheckAsync: the board has not decided yet (NAV's admin status 404 or not active yet, Jobnet still in approval).
    /// The state stays as it is and the ad is asked about again later; waiting never turns into "failed".
    /// </summary>
    Waiting,

    /// <summary>The board refused it for good (4xx, or a receipt with an error).</summary>
    Rejected,

    /// <summary>Worth trying again later (5xx, timeout, 429 past the short retries, open circuit).</summary>
    Transient,
}

/// <param name="PublishStatus">The board's own publication status where it reports one (NAV: ACTIVE, REJECTED, ...).</param>
/// <param name="ConfigurationFault">
/// The board refused the hub's credentials (401/403): the hub is misconfigured, not the ad. Retried like a transient
/// fault but never turned into "failed", and signalled (log event and metric) so an operator fixes the setting.
/// </param>
public sealed record BoardOutcome(BoardOutcomeKind Kind, string? BoardReference = null, string? Detail = null, string? PublishStatus = null, bool ConfigurationFault = false)
{
    public static BoardOutcome Accepted(string? reference = null, string? publishStatus = null) => new(BoardOutcomeKind.Accepted, reference, PublishStatus: publishStatus);

    public static BoardOutcome Sent(string? reference = null) => new(BoardOutcomeKind.Sent, reference);

    public static BoardOutcome AwaitingApproval(string? reference, string? publishStatus = null) => new(BoardOutcomeKind.AwaitingApproval, reference, PublishStatus: publishStatus);

    public static BoardOutcome Waiting(string detail, string? publishStatus = null) => new(BoardOutcomeKind.Waiting, Detail: detail, PublishStatus: publishStatus);

    public static BoardOutcome Rejected(string reason, string? publishStatus = null) => new(BoardOutcomeKind.Rejected, Detail: reason, PublishStatus: publishStatus);

    public static BoardOutcome Transient(string error) => new(BoardOutcomeKind.Transient, Detail: error);

    public static BoardOutcome Unauthorized(string error) => new(BoardOutcomeKind.Transient, Detail: error, ConfigurationFault: true);

    /// <summary>Not decided yet, or not possible yet: stays in its state and is asked about / tried again later.</summary>
    public bool StaysOpen => Kind == BoardOutcomeKind.Waiting || ConfigurationFault;
}
