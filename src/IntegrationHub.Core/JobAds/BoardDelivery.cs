namespace IntegrationHub.Core.JobAds;

/// <summary>
/// One ad on one board: what it should be (<see cref="Desired"/>, <see cref="RenderingHash"/>) and what is known of it
/// (<see cref="Status"/>, <see cref="SentHash"/>, <see cref="BoardReference"/>). Stored as one row, ETag-guarded.
/// </summary>
public sealed record BoardDelivery
{
    public required string Client { get; init; }

    public required string AdId { get; init; }

    public required string Board { get; init; }

    public required DesiredState Desired { get; init; }

    public required DeliveryStatus Status { get; init; }

    /// <summary>The ad version this state is for.</summary>
    public required int Version { get; init; }

    /// <summary>Hash of the board's rendering that should be on the board (null when rejected by the hub or withdrawn).</summary>
    public string? RenderingHash { get; init; }

    /// <summary>Hash of the rendering the board last took; null when the board holds nothing of the ad.</summary>
    public string? SentHash { get; init; }

    public string? BoardReference { get; init; }

    public string? Reason { get; init; }

    /// <summary>The board's own publication status, where it reports one (NAV's admin status: ACTIVE, REJECTED, INACTIVE, STOPPED, DELETED).</summary>
    public string? PublishStatus { get; init; }

    public string? LastError { get; init; }

    public int Attempts { get; init; }

    /// <summary>Rises with every change (orders the outbound events of this ad on this board).</summary>
    public long Sequence { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Pull boards (EURES): since when the ad has been pullable without a break (EURES' creationTimestamp; a new one
    /// after a close, as NAV's export does). Kept when the ad closes; null while it never was pullable.
    /// </summary>
    public DateTimeOffset? PublishedSince { get; init; }

    public string? ETag { get; init; }

    /// <summary>The pending work this state stands for, to tell whether a later change superseded it.</summary>
    public (DesiredState, DeliveryStatus, string?, int) Work => (Desired, Status, RenderingHash, Version);
}
