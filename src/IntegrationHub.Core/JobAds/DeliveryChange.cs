namespace IntegrationHub.Core.JobAds;

/// <summary>
/// A status-row change to store: the new state, its events, and whether the board's queue must see it again: at once, or
/// not before <see cref="NotBefore"/> (a status question held back to the board's pace).
/// </summary>
public sealed record DeliveryChange(BoardDelivery Next, BoardDelivery? Previous, bool Enqueue, IReadOnlyList<Outbox.OutboundEvent> Events, DateTimeOffset? NotBefore = null);
