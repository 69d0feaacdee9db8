namespace IntegrationHub.Core.Outbox;

/// <summary>Where the relay publishes: Service Bus in Azure, a table locally and in tests.</summary>
public interface IOutboundEventSink
{
    /// <summary>
    /// Publishes <paramref name="events"/> in order and answers how many, from the first, are published. Throws when
    /// the sink cannot be reached at all; answers fewer than all when it fails part-way (the rest are tried again later).
    /// A sink must treat an event id it has already taken as a duplicate (Service Bus duplicate detection does).
    /// </summary>
    Task<int> PublishAsync(IReadOnlyList<OutboundEvent> events, CancellationToken cancellationToken);
}
