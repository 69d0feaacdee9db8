namespace IntegrationHub.Core.JobAds;

/// <summary>
/// The job-ad store's own retention, which the retention purge asks for (Retention sits above JobAds, ADR 0027): the rows
/// of ads closed (withdrawn by their system, or by the expiry timer at <c>expires</c>) longer ago than the window, and
/// EURES' change rows older than it. Why the window and its default: ADR 0050, docs/data-lifecycle.md.
/// </summary>
public interface IJobAdRetention
{
    /// <summary>
    /// Deletes, in one recruitment system's partition and in transactions of at most 100 rows (at most
    /// <paramref name="maxBatches"/>): EURES' change rows written before <paramref name="cutoff"/>, then every row of each
    /// ad withdrawn before it (the ad, its reference, its board states, its deferred delivery signals) whose boards have all settled and whose events
    /// have all left through the outbox; an ad still in flight is left for a later pass. Resumable: each call starts from
    /// what is left.
    /// </summary>
    Task<JobAdPurge> PurgeClosedAsync(string client, DateTimeOffset cutoff, int maxBatches, CancellationToken cancellationToken);
}
