namespace IntegrationHub.Core.Cvs;

/// <summary>Command: a registry submits (creates or replaces) a CV.</summary>
public sealed record SubmitCv
{
    public required string Registry { get; init; }
    public required System.Text.Json.JsonElement Document { get; init; }

    /// <summary>The version the sender says it is replacing (If-Match header), if any.</summary>
    public int? IfMatchVersion { get; init; }

    public required string CorrelationId { get; init; }
}
