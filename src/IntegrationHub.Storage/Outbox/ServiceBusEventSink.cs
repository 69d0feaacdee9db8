using System.Collections.Concurrent;
using System.Globalization;
using Azure.Messaging.ServiceBus;
using IntegrationHub.Core.Outbox;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Storage.Outbox;

/// <summary>
/// Publishes to Azure Service Bus, one topic per event family, as CloudEvents in binary mode (AMQP binding):
/// <c>MessageId</c> = event id (the topic's duplicate detection drops a second publish of one event),
/// <c>SessionId</c> = session key (subscribers receive a key's events in order), body = the JSON data.
/// </summary>
/// <remarks>
/// Consecutive events of one topic go in one <see cref="ServiceBusMessageBatch"/> (split where the batch is full),
/// and batches are sent one after another: a batch is taken whole or not at all, so what was published is always a
/// prefix of what was offered. Owns the client and disposes it (with the cached senders) when disposed.
/// </remarks>
public sealed partial class ServiceBusEventSink(ServiceBusClient client, ILogger<ServiceBusEventSink> logger)
    : IOutboundEventSink, IAsyncDisposable
{
    public const string ContentType = "application/json";
    public const string SpecVersion = "1.0";

    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);

    public async Task<int> PublishAsync(IReadOnlyList<OutboundEvent> events, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < events.Count)
        {
            var topic = events[done].Topic;
            var sender = _senders.GetOrAdd(topic, client.CreateSender);
            int next;
            try
            {
                using var batch = await sender.CreateMessageBatchAsync(cancellationToken);
                next = done;
                while (next < events.Count && events[next].Topic == topic && batch.TryAddMessage(ToMessage(events[next])))
                {
                    next++;
                }
                if (next == done)
                {
                    throw new InvalidOperationException(
                        $"Outbound event {events[done].Id} ({events[done].Type}) does not fit in a Service Bus message of at most {batch.MaxSizeInBytes} bytes.");
                }
                await sender.SendMessagesAsync(batch, cancellationToken);
            }
            catch (Exception e) when (done > 0 && e is not OperationCanceledException)
            {
                // The batches before this one are published; the caller offers the rest again later.
                LogPublishStopped(logger, e, topic, done, events.Count);
                return done;
            }
            done = next;
        }
        return done;
    }

    /// <summary>The Service Bus message of one event (CloudEvents AMQP binding, binary content mode).</summary>
    public static ServiceBusMessage ToMessage(OutboundEvent e)
    {
        var message = new ServiceBusMessage(BinaryData.FromString(e.Data))
        {
            MessageId = e.Id,
            SessionId = e.SessionKey,
            Subject = e.Type,
            ContentType = ContentType,
        };
        var properties = message.ApplicationProperties;
        properties["cloudEvents:specversion"] = SpecVersion;
        properties["cloudEvents:id"] = e.Id;
        properties["cloudEvents:type"] = e.Type;
        properties["cloudEvents:source"] = e.Source;
        properties["cloudEvents:subject"] = e.Subject;
        properties["cloudEvents:time"] = e.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        if (e.TraceParent is { } traceParent)
        {
            // CloudEvents distributed-tracing extension (cloudevents/spec, cloudevents/extensions/distributed-tracing.md)
            // in the AMQP binding's "cloudEvents:" prefix, and Service Bus's own "Diagnostic-Id" (learn.microsoft.com
            // azure/service-bus-messaging/service-bus-end-to-end-tracing), so either kind of subscriber continues the trace.
            properties["cloudEvents:traceparent"] = traceParent;
            properties["Diagnostic-Id"] = traceParent;
        }
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync();
        }
        _senders.Clear();
        await client.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service Bus topic {Topic} did not take a batch; {Published} of {Offered} events were published.")]
    private static partial void LogPublishStopped(ILogger logger, Exception exception, string topic, int published, int offered);
}
