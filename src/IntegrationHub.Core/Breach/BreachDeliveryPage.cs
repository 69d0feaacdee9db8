using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// One page of a campaign's fan-out (queue <c>breach-delivery</c>): the audience rows of run <see cref="RunId"/> with
/// row keys after <see cref="After"/> up to and including <see cref="Last"/>. The planner cuts the pages in row-key order,
/// so a page re-planned after a crash has the same number and range.
/// </summary>
public sealed record BreachDeliveryPage
{
    public required string MessageId { get; init; }
    public required string CorrelationId { get; init; }
    public required string CampaignId { get; init; }
    public required string RunId { get; init; }
    public required int PageNo { get; init; }

    /// <summary>Exclusive lower bound of the audience row keys ("" for the first page).</summary>
    public required string After { get; init; }

    /// <summary>Inclusive upper bound.</summary>
    public required string Last { get; init; }
    public required int Count { get; init; }

    /// <summary>
    /// The page's citizens, carried in the message so the worker never queries the audience partition (on Azurite a
    /// range query costs time in proportion to the whole partition: 150,000 rows). Null: read the range.
    /// </summary>
    public IReadOnlyList<PageItem>? Items { get; init; }

    /// <summary>
    /// W3C trace context of the span that sent this message (issue 17): the handler's span is its child. Optional: a
    /// message sent before it existed still decodes, and starts a trace of its own.
    /// </summary>
    [System.Text.Json.Serialization.JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}
