using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>A dry run the privacy team asked for (queue <c>breach-dryrun</c>); the summary is written on the campaign when done.</summary>
public sealed record RunBreachDryRun
{
    public required string MessageId { get; init; }
    public required string CorrelationId { get; init; }
    public required string CampaignId { get; init; }

    /// <summary>
    /// W3C trace context of the span that sent this message (issue 17): the handler's span is its child. Optional: a
    /// message sent before it existed still decodes, and starts a trace of its own.
    /// </summary>
    [System.Text.Json.Serialization.JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}
