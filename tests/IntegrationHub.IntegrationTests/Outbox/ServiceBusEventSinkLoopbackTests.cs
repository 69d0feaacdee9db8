using IntegrationHub.Core.Outbox;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.IntegrationTests.Outbox;

/// <summary>
/// The real Azure SDK sender (AMQP over TCP) against <see cref="LoopbackFakeServiceBus"/>, a fake: it shows what goes
/// over the wire, not what Azure Service Bus does with it.
/// </summary>
public sealed class ServiceBusEventSinkLoopbackTests : IDisposable
{
    private readonly LoopbackFakeServiceBus _bus = LoopbackFakeServiceBus.StartNew();

    public void Dispose() => _bus.Dispose();

    [Fact]
    public async Task PublishAsync_AgainstLoopbackFakeServiceBus_DeliversIdsSessionsCloudEventPropertiesAndBodyInOrder()
    {
        // Arrange
        await using var sink = Sink(_bus.ConnectionString);
        var time = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(1));
        OutboundEvent[] events =
        [
            Event("e-1", OutboundTopics.CvVisibility, "cv-a", time),
            Event("e-2", OutboundTopics.CvVisibility, "cv-b", time),
            Event("e-3", OutboundTopics.JobAdStatus, "ad-1", time),
            Event("e-4", OutboundTopics.CvVisibility, "cv-a", time),
        ];

        // Act
        var published = await sink.PublishAsync(events, CancellationToken.None);

        // Assert
        Assert.Equal(4, published);
        var cv = _bus.Received(OutboundTopics.CvVisibility);
        Assert.Equal(["e-1", "e-2", "e-4"], cv.Select(m => m.MessageId));
        Assert.Equal(["cv-a", "cv-b", "cv-a"], cv.Select(m => m.SessionId));
        var ad = Assert.Single(_bus.Received(OutboundTopics.JobAdStatus));
        Assert.Equal(("e-3", "ad-1"), (ad.MessageId, ad.SessionId));
        var first = cv[0];
        Assert.Equal("hub.test.changed", first.Subject);
        Assert.Equal("application/json", first.ContentType);
        Assert.Equal("{\"id\":\"e-1\"}", first.Body);
        Assert.Equal("1.0", first.ApplicationProperties["cloudEvents:specversion"]);
        Assert.Equal("e-1", first.ApplicationProperties["cloudEvents:id"]);
        Assert.Equal("hub.test.changed", first.ApplicationProperties["cloudEvents:type"]);
        Assert.Equal("/integrationhub/test", first.ApplicationProperties["cloudEvents:source"]);
        Assert.Equal("subject-e-1", first.ApplicationProperties["cloudEvents:subject"]);
        Assert.Equal("2025-03-04T04:06:07.8900000Z", first.ApplicationProperties["cloudEvents:time"]);
    }

    internal static ServiceBusEventSink Sink(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ServiceBus"] = connectionString }).Build();
        var options = OutboxServiceCollectionExtensions.ServiceBusClientOptions();
        options.RetryOptions.MaxRetries = 1;
        options.RetryOptions.Delay = TimeSpan.FromMilliseconds(100);
        options.RetryOptions.TryTimeout = TimeSpan.FromSeconds(5);
        return new ServiceBusEventSink(ServiceBusConnection.CreateClient(configuration, "ServiceBus", options), NullLogger<ServiceBusEventSink>.Instance);
    }

    internal static OutboundEvent Event(string id, string topic, string sessionKey, DateTimeOffset time) =>
        new(id, "hub.test.changed", "/integrationhub/test", "subject-" + id, time, topic, sessionKey, $"{{\"id\":\"{id}\"}}");
}
