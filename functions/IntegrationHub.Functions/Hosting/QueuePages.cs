using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Storage.Queues.Models;

namespace IntegrationHub.Functions.Hosting;

/// <summary>
/// Decodes the page a queue-triggered function was handed. An empty or "null" body is a defect of the sender, not a
/// transient failure: it throws, so the host retries and then moves the message to the poison queue with the reason.
/// </summary>
public static class QueuePages
{
    public static T Decode<T>(QueueMessage message, JsonTypeInfo<T> type) where T : class => Decode(message.Body.ToString(), type, message.MessageId);

    public static T Decode<T>(string body, JsonTypeInfo<T> type, string? messageId = null) where T : class =>
        JsonSerializer.Deserialize(body, type)
        ?? throw new InvalidOperationException($"A {typeof(T).Name} message{(messageId is null ? "" : " " + messageId)} was empty.");
}
