using System.ComponentModel.DataAnnotations;

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

/// <summary>The answer to a registry's submission.</summary>
public sealed record CvSubmitted
{
    public required string CvId { get; init; }
    public required int Version { get; init; }

    /// <summary>"accepted" (new or changed) or "unchanged".</summary>
    [AllowedValues("accepted", "unchanged")]
    public required string Status { get; init; }

    /// <summary>Fields that hold a national ID number: stored, never shown outside the owning registry.</summary>
    public required IReadOnlyList<CvWarning> Warnings { get; init; }
}

public sealed record CvWarning(string Field, string Rule, string Detail);

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

/// <param name="CitizenId">The registry-scoped citizen the CV belongs to (a pseudonym, not a national ID).</param>
public sealed record CvChange(string CvId, int Version, string Operation, string? CitizenId = null);

public static class CvOperations
{
    public const string Upserted = "upserted";
    public const string Deleted = "deleted";
}
