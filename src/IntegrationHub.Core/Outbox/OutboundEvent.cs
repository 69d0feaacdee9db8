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

/// <summary>The topics (event families) the hub publishes to.</summary>
public static class OutboundTopics
{
    public const string CvVisibility = "cv-visibility-changed";
    public const string JobAdStatus = "jobad-status-changed";
    public const string BreachProgress = "breach-campaign-progress";
    public const string SecurityAlerts = "security-alerts";

    /// <summary>Notices for the registry to deliver to a citizen (inactivity reminders, deletion warnings).</summary>
    public const string CitizenNotices = "citizen-notices";

    public static IReadOnlyList<string> All { get; } = [CvVisibility, JobAdStatus, BreachProgress, SecurityAlerts, CitizenNotices];
}

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
