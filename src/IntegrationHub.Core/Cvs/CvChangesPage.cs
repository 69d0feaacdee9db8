namespace IntegrationHub.Core.Cvs;

/// <summary>Message: a page of committed CV changes of one registry, for downstream work.</summary>
public sealed record CvChangesPage
{
    public required string MessageId { get; init; }
    public required string CorrelationId { get; init; }
    public required string Registry { get; init; }
    public required IReadOnlyList<CvChange> Changes { get; init; }

    /// <summary>
    /// W3C trace context of the span that sent this message (issue 17): the handler's span is its child. Optional: a
    /// message sent before it existed still decodes, and starts a trace of its own.
    /// </summary>
    [System.Text.Json.Serialization.JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}
