namespace IntegrationHub.Core.Hub;

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

    public static IReadOnlyList<string> All { get; } = [CvChanges];
}
