using System.Text.Json;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.JobAds;

/// <summary>Command: a recruitment system submits (creates or replaces) a job ad.</summary>
public sealed record SubmitJobAd
{
    /// <summary>The recruitment system (client party id) the ad belongs to.</summary>
    public required string Client { get; init; }

    public required JsonElement Document { get; init; }

    public required string CorrelationId { get; init; }
}

/// <summary>Command: withdraw an ad from every board (the client's DELETE, or the expiry timer).</summary>
public sealed record WithdrawJobAd
{
    public required string Client { get; init; }

    public required string AdId { get; init; }

    /// <summary>"withdrawn by the client" or "expired".</summary>
    public required string Reason { get; init; }

    public required string CorrelationId { get; init; }
}

public abstract record JobAdIntakeResult
{
    private JobAdIntakeResult() { }

    public sealed record Stored(JobAdSubmitted Answer) : JobAdIntakeResult;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : JobAdIntakeResult;

    /// <summary>Concurrent writers kept winning: the caller should retry.</summary>
    public sealed record Contended : JobAdIntakeResult;
}

/// <summary>The answer to a submission: the ad's id, its version, and what happens on each board.</summary>
public sealed record JobAdSubmitted
{
    public required string AdId { get; init; }

    public required int Version { get; init; }

    /// <summary>"accepted" (new or changed) or "unchanged" (identical content: nothing is sent again).</summary>
    public required string Status { get; init; }

    public required IReadOnlyList<BoardStatusView> Boards { get; init; }
}

/// <summary>GET /api/jobads/{adId}: the ad and its state on each board.</summary>
public sealed record JobAdView
{
    public required string AdId { get; init; }

    public required string Reference { get; init; }

    public required int Version { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public required bool Withdrawn { get; init; }

    public required IReadOnlyList<BoardStatusView> Boards { get; init; }
}

/// <summary>One board's state of an ad, as callers see it.</summary>
/// <param name="Status">pending, sent, awaiting-approval, accepted, rejected, failed or withdrawn (sent and awaiting-approval are not final).</param>
/// <param name="PendingAction">While pending: "publish" or "withdraw".</param>
/// <param name="Reason">Why the board (or the hub, for that board's rules) rejected the ad.</param>
/// <param name="LastError">The last transient error while delivering.</param>
/// <param name="Attempts">Delivery attempts (queue deliveries; each may retry briefly inside the call).</param>
/// <param name="BoardReference">The board's own id of the ad.</param>
/// <param name="PublishStatus">The board's own publication status where it reports one (NAV: ACTIVE, REJECTED, INACTIVE, STOPPED, DELETED).</param>
public sealed record BoardStatusView(
    string Board,
    string Status,
    string? PendingAction,
    string? Reason,
    string? LastError,
    int Attempts,
    string? BoardReference,
    int Version,
    DateTimeOffset UpdatedAt,
    string? PublishStatus = null)
{
    public static BoardStatusView Of(BoardDelivery d) => new(
        d.Board,
        JobAdStatusNames.Of(d.Status),
        d.Status == DeliveryStatus.Pending ? (d.Desired == DesiredState.Published ? "publish" : "withdraw") : null,
        d.Reason,
        d.LastError,
        d.Attempts,
        d.BoardReference,
        d.Version,
        d.UpdatedAt,
        d.PublishStatus);
}

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

/// <summary>An ad as the hub stores it: the sanitised document with its occupation codes completed.</summary>
public sealed record StoredJobAd
{
    public required string Client { get; init; }

    public required string AdId { get; init; }

    public required string Reference { get; init; }

    public required int Version { get; init; }

    /// <summary>SHA-256 of the canonical form of the document as submitted (idempotency).</summary>
    public required string ContentHash { get; init; }

    public required JobAdDocument Ad { get; init; }

    public required bool Withdrawn { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public string? ETag { get; init; }
}
