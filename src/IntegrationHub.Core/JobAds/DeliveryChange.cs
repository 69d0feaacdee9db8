namespace IntegrationHub.Core.JobAds;

/// <summary>A status-row change to store: the new state, its events, and whether the board's queue must see it again.</summary>
public sealed record DeliveryChange(BoardDelivery Next, BoardDelivery? Previous, bool Enqueue, IReadOnlyList<Outbox.OutboundEvent> Events);
