namespace IntegrationHub.Core.JobAds.Eures;

/// <summary>
/// EURES pulls: there is nothing to send, so an ad's EURES state is final as soon as the transaction that stores it
/// commits. Published when the ad can be pulled, withdrawn when it closes; no delivery signal, no queue.
/// </summary>
public static class EuresPublication
{
    /// <param name="next">The planned state (pending publication of the new rendering).</param>
    public static BoardDelivery Publish(BoardDelivery next, BoardDelivery? before, string renderingHash, DateTimeOffset now) => next with
    {
        Status = DeliveryStatus.Published,
        SentHash = renderingHash,
        BoardReference = EuresReference.Of(next.Client, next.AdId),
        Reason = null,
        LastError = null,
        // A vacancy published again after it closed is new to EURES (NAV's export gives it a new creation time).
        PublishedSince = before is { Status: DeliveryStatus.Published, PublishedSince: { } since } ? since : now,
    };
}
