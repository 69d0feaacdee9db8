using Azure.Messaging.ServiceBus;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.UnitTests.Outbox;

/// <summary>
/// The Service Bus sink against the SDK's own types, no network: a <see cref="ServiceBusClient"/> and
/// <see cref="ServiceBusSender"/> subclassed through their mocking constructors, and batches from
/// <see cref="ServiceBusModelFactory"/>, so the messages the sink builds and the batches it sends can be read.
/// </summary>
public sealed class ServiceBusEventSinkTests
{
    private static readonly DateTimeOffset Time = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(2));

    [Fact]
    public async Task ServiceBusEventSink_SdkTypes_BuildsOneCloudEventMessagePerEvent()
    {
        // Arrange
        var client = new RecordingClient();
        await using var sink = new ServiceBusEventSink(client, NullLogger<ServiceBusEventSink>.Instance);
        var e = new OutboundEvent("evt-1", "no.hub.cv.visibility.changed", "/integrationhub/nav", "cv/nav/cv-9", Time,
            OutboundTopics.CvVisibility, "nav|cv-9", "{\"visible\":true}");

        // Act
        var published = await sink.PublishAsync([e], CancellationToken.None);

        // Assert
        Assert.Equal(1, published);
        var (topic, messages) = Assert.Single(client.Sent);
        Assert.Equal(OutboundTopics.CvVisibility, topic);
        var message = Assert.Single(messages);
        Assert.Equal("evt-1", message.MessageId);
        Assert.Equal("nav|cv-9", message.SessionId);
        Assert.Equal("no.hub.cv.visibility.changed", message.Subject);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("{\"visible\":true}", message.Body.ToString());
        Assert.Equal(
            new Dictionary<string, object>
            {
                ["cloudEvents:specversion"] = "1.0",
                ["cloudEvents:id"] = "evt-1",
                ["cloudEvents:type"] = "no.hub.cv.visibility.changed",
                ["cloudEvents:source"] = "/integrationhub/nav",
                ["cloudEvents:subject"] = "cv/nav/cv-9",
                ["cloudEvents:time"] = "2025-03-04T03:06:07.8900000Z",
            },
            message.ApplicationProperties.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
    }

    [Fact]
    public async Task ServiceBusEventSink_SdkTypes_ConsecutiveEventsOfATopic_AreSentInOrderInBatchesSplitWhenFull()
    {
        // Arrange: a batch holds two messages.
        var client = new RecordingClient { MessagesPerBatch = 2 };
        await using var sink = new ServiceBusEventSink(client, NullLogger<ServiceBusEventSink>.Instance);
        OutboundEvent[] events = [Cv("a1"), Cv("a2"), Cv("a3"), Ad("b1"), Cv("a4")];

        // Act
        var published = await sink.PublishAsync(events, CancellationToken.None);

        // Assert: topic runs in order, full batches split; one sender per topic.
        Assert.Equal(5, published);
        Assert.Equal(
            [
                (OutboundTopics.CvVisibility, "a1,a2"),
                (OutboundTopics.CvVisibility, "a3"),
                (OutboundTopics.JobAdStatus, "b1"),
                (OutboundTopics.CvVisibility, "a4"),
            ],
            client.Sent.Select(s => (s.Topic, string.Join(',', s.Messages.Select(m => m.MessageId)))));
        Assert.Equal([OutboundTopics.CvVisibility, OutboundTopics.JobAdStatus], client.CreatedSenders);
    }

    [Fact]
    public async Task ServiceBusEventSink_SdkTypes_SendFailsPartWay_ReturnsHowManyWerePublishedBefore()
    {
        // Arrange: the second send fails.
        var client = new RecordingClient { MessagesPerBatch = 2, FailingSend = 2 };
        await using var sink = new ServiceBusEventSink(client, NullLogger<ServiceBusEventSink>.Instance);

        // Act
        var published = await sink.PublishAsync([Cv("a1"), Cv("a2"), Cv("a3"), Cv("a4")], CancellationToken.None);

        // Assert
        Assert.Equal(2, published);
        Assert.Equal(["a1", "a2"], client.Sent.SelectMany(s => s.Messages).Select(m => m.MessageId));
    }

    [Fact]
    public async Task ServiceBusEventSink_SdkTypes_FirstSendFails_Throws()
    {
        // Arrange
        var client = new RecordingClient { FailingSend = 1 };
        await using var sink = new ServiceBusEventSink(client, NullLogger<ServiceBusEventSink>.Instance);

        // Act
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sink.PublishAsync([Cv("a1"), Cv("a2")], CancellationToken.None));

        // Assert
        Assert.Equal(ServiceBusFailureReason.ServiceCommunicationProblem, error.Reason);
        Assert.Empty(client.Sent);
    }

    [Fact]
    public async Task ServiceBusEventSink_SdkTypes_CancelledAfterAPublishedBatch_ThrowsInsteadOfAnsweringACount()
    {
        // Arrange: the second send is cancelled.
        var client = new RecordingClient { MessagesPerBatch = 1, CancelledSend = 2 };
        await using var sink = new ServiceBusEventSink(client, NullLogger<ServiceBusEventSink>.Instance);

        // Act and Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.PublishAsync([Cv("a1"), Cv("a2")], CancellationToken.None));
        Assert.Single(client.Sent);
    }

    [Fact]
    public async Task ServiceBusEventSink_SdkTypes_EventTooLargeForAnEmptyBatch_ThrowsNamingTheEvent()
    {
        // Arrange: no message fits.
        var client = new RecordingClient { MessagesPerBatch = 0 };
        await using var sink = new ServiceBusEventSink(client, NullLogger<ServiceBusEventSink>.Instance);

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.PublishAsync([Cv("a1")], CancellationToken.None));

        // Assert
        Assert.Contains("a1", error.Message, StringComparison.Ordinal);
        Assert.Empty(client.Sent);
    }

    [Fact]
    public async Task ServiceBusEventSink_SdkTypes_Disposed_DisposesItsSendersAndTheClient()
    {
        // Arrange
        var client = new RecordingClient();
        var sink = new ServiceBusEventSink(client, NullLogger<ServiceBusEventSink>.Instance);
        await sink.PublishAsync([Cv("a1"), Ad("b1")], CancellationToken.None);

        // Act
        await sink.DisposeAsync();

        // Assert
        Assert.Equal(2, client.Senders.Count);
        Assert.All(client.Senders, s => Assert.True(s.Disposed));
        Assert.True(client.Disposed);
    }

    private static OutboundEvent Cv(string id) => new(id, "t", "/s", "sub", Time, OutboundTopics.CvVisibility, "cv", "{}");

    private static OutboundEvent Ad(string id) => new(id, "t", "/s", "sub", Time, OutboundTopics.JobAdStatus, "ad", "{}");

    /// <summary>A client whose senders record what they send, in order across topics.</summary>
    private sealed class RecordingClient : ServiceBusClient
    {
        public int MessagesPerBatch { get; init; } = 100;

        /// <summary>The send (1-based, across senders) that fails as Service Bus being unreachable.</summary>
        public int FailingSend { get; init; }

        public int CancelledSend { get; init; }

        public List<(string Topic, IReadOnlyList<ServiceBusMessage> Messages)> Sent { get; } = [];

        public List<string> CreatedSenders { get; } = [];

        public List<RecordingSender> Senders { get; } = [];

        public bool Disposed { get; private set; }

        public int Sends { get; set; }

        public override ServiceBusSender CreateSender(string queueOrTopicName)
        {
            CreatedSenders.Add(queueOrTopicName);
            var sender = new RecordingSender(this, queueOrTopicName);
            Senders.Add(sender);
            return sender;
        }

        // The mocking constructor leaves the client without a connection, which the base DisposeAsync would close.
#pragma warning disable CA2215
        public override ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
#pragma warning restore CA2215
    }

    private sealed class RecordingSender(RecordingClient client, string topic) : ServiceBusSender
    {
        private readonly Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>> _batches = [];

        public bool Disposed { get; private set; }

        public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default)
        {
            var store = new List<ServiceBusMessage>();
            var batch = ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, store, tryAddCallback: _ => store.Count < client.MessagesPerBatch);
            _batches[batch] = store;
            return ValueTask.FromResult(batch);
        }

        public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
        {
            var send = ++client.Sends;
            if (send == client.FailingSend)
            {
                throw new ServiceBusException("Service Bus is unreachable.", ServiceBusFailureReason.ServiceCommunicationProblem);
            }
            if (send == client.CancelledSend)
            {
                throw new OperationCanceledException();
            }
            client.Sent.Add((topic, [.. _batches[messageBatch]]));
            return Task.CompletedTask;
        }

        // DisposeAsync closes the sender; the base CloseAsync would close a connection the mocking constructor never made.
        public override Task CloseAsync(CancellationToken cancellationToken = default)
        {
            Disposed = true;
            return Task.CompletedTask;
        }
    }
}
