using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.Core.JobAds;

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
