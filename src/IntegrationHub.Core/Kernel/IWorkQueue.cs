namespace IntegrationHub.Core.Kernel;

/// <summary>The hub's internal work queues (Azure Storage queues; names in <see cref="HubQueues"/>).</summary>
public interface IWorkQueue
{
    Task SendAsync(string queue, ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>Approximate number of messages waiting: used for back-pressure.</summary>
    Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken);
}

/// <summary>Queue names, shared by the triggers' attributes and the senders.</summary>
public static class HubQueues
{
    /// <summary>Pages of committed CV changes for downstream processing.</summary>
    public const string CvChanges = "cv-changes";

    /// <summary>Pages of job-ad deliveries, one queue per board (a slow or down board never delays the others).</summary>
    public const string JobAdsNav = "jobads-nav";
    public const string JobAdsJobnet = "jobads-jobnet";
    public const string JobAdsFinn = "jobads-finn";

    /// <summary>Pages of a breach campaign's letters (ADR 0009), kept to a small backlog by the planner.</summary>
    public const string BreachDelivery = "breach-delivery";

    /// <summary>Breach dry runs requested over HTTP, resolved off the request.</summary>
    public const string BreachDryRun = "breach-dryrun";

    /// <summary>Erasures to resume (a request that died part-way, a hold that ended); names the job's key, never the citizen.</summary>
    public const string CitizenErasure = "citizen-erasure";

    public static IReadOnlyList<string> All { get; } = [CvChanges, JobAdsNav, JobAdsJobnet, JobAdsFinn, BreachDelivery, BreachDryRun, CitizenErasure];

    /// <summary>The delivery queue of a board (<see cref="JobAds.Boards.BoardIds"/>).</summary>
    public static string JobAdsFor(string board) => "jobads-" + board;
}
