using System.Diagnostics;

namespace IntegrationHub.Core.Telemetry;

/// <summary>
/// The hub's own spans (System.Diagnostics; the hosts' OpenTelemetry setup listens to <see cref="SourceName"/>) and the
/// W3C trace context that travels inside queue messages and outbound events (issue 17, ADR 0024).
/// </summary>
/// <remarks>
/// Span names and attributes follow the OpenTelemetry messaging conventions
/// (open-telemetry/semantic-conventions, docs/messaging/messaging-spans.md: "{operation} {destination}", kinds Producer and
/// Consumer, <c>messaging.destination.name</c>, <c>messaging.operation.type</c>). Attributes hold only queue names, counts and
/// ids that are random (message, CV, ad and campaign ids): never a citizen id or anything from a CV.
/// </remarks>
public static class HubTelemetry
{
    public const string SourceName = "IntegrationHub";

    /// <summary>Not a registered <c>messaging.system</c> value (Azure Storage queues have none): assumed, see ADR 0024.</summary>
    public const string StorageQueueSystem = "azure_storage_queue";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The W3C <c>traceparent</c> of the current span, or null outside a W3C span.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// The span of one queue message handled: a child of the span that sent it (<paramref name="traceParent"/>, from the
    /// message envelope), or a root span where an old message has none.
    /// </summary>
    public static Activity? StartProcess(string queue, string? traceParent, string? messageId)
    {
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        var activity = Source.StartActivity(ActivityKind.Consumer, parent, name: "process " + queue);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", StorageQueueSystem);
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", queue);
            activity.SetTag("messaging.message.id", messageId);
        }
        return activity;
    }

    /// <summary>
    /// The span that sends one page batching many items, linked to the spans that caused each item (span links: a page
    /// of CV changes joins many POSTs, so it cannot be a child of all of them).
    /// </summary>
    public static Activity? StartSend(string destination, IEnumerable<string?> causes, int count)
    {
        var links = new List<ActivityLink>();
        foreach (var cause in causes.Distinct(StringComparer.Ordinal))
        {
            // The span link limit of the SDK is 128 by default; a page holds at most 100 items.
            if (ActivityContext.TryParse(cause, null, isRemote: true, out var context) && links.Count < 128)
            {
                links.Add(new ActivityLink(context));
            }
        }
        var activity = Source.StartActivity("send " + destination, ActivityKind.Producer, parentContext: default, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", destination);
            activity.SetTag("messaging.batch.message_count", count);
        }
        return activity;
    }
}
