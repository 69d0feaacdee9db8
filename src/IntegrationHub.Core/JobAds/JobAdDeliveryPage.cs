using System.Text.Json;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.JobAds;

/// <summary>Message: a page of deliveries of one client's ads to one board (the board's queue).</summary>
public sealed record JobAdDeliveryPage
{
    public required string MessageId { get; init; }

    public required string CorrelationId { get; init; }

    public required string Client { get; init; }

    public required string Board { get; init; }

    /// <summary>The ads to work on; what to do with each is read from its status row when the page is handled.</summary>
    public required IReadOnlyList<string> AdIds { get; init; }

    /// <summary>
    /// W3C trace context of the span that sent this message (issue 17): the handler's span is its child. Optional: a
    /// message sent before it existed still decodes, and starts a trace of its own.
    /// </summary>
    [System.Text.Json.Serialization.JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}
