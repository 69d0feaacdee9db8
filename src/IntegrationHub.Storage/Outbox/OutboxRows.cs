using Azure.Data.Tables;
using IntegrationHub.Core.Outbox;

namespace IntegrationHub.Storage.Outbox;

/// <summary>
/// Outbox rows live in the partition of the state they report, so that the state change and its events commit in one
/// table transaction. Row key "~out|{orderKey}|{sequence}|{index}": the rows of one order key (a citizen, an ad) are
/// contiguous and in the order they were written, which is the order the relay publishes them in.
/// </summary>
public static class OutboxRows
{
    public const string Prefix = "~out|";

    /// <summary>The first row key after every outbox row ('}' follows '|').</summary>
    public const string End = "~out}";

    /// <param name="orderKey">What the events are ordered by; must not contain '|'.</param>
    /// <param name="sequence">Rises with every state change of <paramref name="orderKey"/>.</param>
    /// <param name="index">The event's place among the events of that one change.</param>
    public static TableTransactionAction Add(string partitionKey, string orderKey, long sequence, int index, OutboundEvent e)
    {
        if (orderKey.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("An outbox order key must not contain '|'.", nameof(orderKey));
        }
        var row = new TableEntity(partitionKey, $"{Prefix}{orderKey}|{sequence:D19}|{index:D3}")
        {
            ["EventId"] = e.Id,
            ["Type"] = e.Type,
            ["Source"] = e.Source,
            ["Subject"] = e.Subject,
            ["Time"] = e.Time,
            ["Topic"] = e.Topic,
            ["SessionKey"] = e.SessionKey,
            ["Data"] = e.Data,
        };
        // The writing span's trace context (issue 17): the relay publishes it with the event.
        if ((e.TraceParent ?? Core.Telemetry.HubTelemetry.CurrentTraceParent()) is { } traceParent)
        {
            row["TraceParent"] = traceParent;
        }
        return new(TableTransactionActionType.Add, row);
    }

    public static OutboundEvent Read(TableEntity row) => new(
        row.GetString("EventId"),
        row.GetString("Type"),
        row.GetString("Source"),
        row.GetString("Subject"),
        row.GetDateTimeOffset("Time") ?? DateTimeOffset.MinValue,
        row.GetString("Topic"),
        row.GetString("SessionKey"),
        row.GetString("Data"))
    {
        TraceParent = row.GetString("TraceParent"),
    };
}
