namespace IntegrationHub.Core.Outbox;

/// <summary>
/// An integration event on its way to external subscribers, as a CloudEvent (<see cref="Id"/>, <see cref="Type"/>,
/// <see cref="Source"/>, <see cref="Subject"/>, <see cref="Time"/>, JSON <see cref="Data"/>) plus its routing: the
/// <see cref="Topic"/> (one per event family) and the <see cref="SessionKey"/> that orders it (a CV id, an ad key).
/// </summary>
/// <remarks>
/// Written to an outbox row in the same table transaction as the state change it reports, then published by the
/// relay: a sink outage delays events, it never loses them or reorders them per session key.
/// </remarks>
public sealed record OutboundEvent(
    string Id,
    string Type,
    string Source,
    string Subject,
    DateTimeOffset Time,
    string Topic,
    string SessionKey,
    string Data)
{
    /// <summary>
    /// W3C trace context of the span that wrote the event (issue 17), published as the CloudEvents distributed-tracing
    /// extension (<c>traceparent</c>), so a subscriber's work joins the trace of the request that caused it.
    /// </summary>
    public string? TraceParent { get; init; }
}
