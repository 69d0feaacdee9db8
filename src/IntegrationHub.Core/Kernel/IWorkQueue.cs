namespace IntegrationHub.Core.Kernel;

/// <summary>The hub's internal work queues (Azure Storage queues; each capability names its own, e.g. <c>CvsQueues</c>).</summary>
public interface IWorkQueue
{
    Task SendAsync(string queue, ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>Approximate number of messages waiting: used for back-pressure.</summary>
    Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken);
}
