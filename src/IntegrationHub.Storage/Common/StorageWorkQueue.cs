using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Storage.Common;

/// <summary>Work queues on Azure Storage queues, base64-encoded as the Functions host expects.</summary>
public sealed class StorageWorkQueue(HubStorage storage) : IWorkQueue
{
    /// <summary>Storage queue messages hold 64 KB; base64 costs a third.</summary>
    public const int MaxMessageBytes = 48 * 1024;

    public async Task SendAsync(string queue, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (message.Length > MaxMessageBytes)
        {
            throw new InvalidOperationException($"A message for queue '{queue}' is {message.Length} bytes; pages must stay under {MaxMessageBytes}.");
        }
        await storage.Queue(queue).SendMessageAsync(new BinaryData(message), cancellationToken: cancellationToken);
    }

    public async Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken)
    {
        var properties = await storage.Queue(queue).GetPropertiesAsync(cancellationToken);
        return properties.Value.ApproximateMessagesCount;
    }
}
