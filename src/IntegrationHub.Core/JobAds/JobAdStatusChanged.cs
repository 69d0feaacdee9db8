using System.Text.Json;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;

namespace IntegrationHub.Core.JobAds;

/// <summary>The data of the outbound "JobAdStatusChanged" event: an ad's state on one board changed.</summary>
public sealed record JobAdStatusChanged(
    string Client,
    string AdId,
    string Board,
    string Status,
    string? PendingAction,
    string? Reason,
    string? LastError,
    int Attempts,
    string? BoardReference,
    int Version,
    DateTimeOffset ChangedAt,
    string? PublishStatus = null)
{
    public const string EventType = "org.integrationhub.jobad.status-changed";

    /// <summary>One event when what a subscriber sees changed (status, pending action, board reference, publication status); none for a retry that changed only the attempts.</summary>
    public static IReadOnlyList<OutboundEvent> Between(BoardDelivery? previous, BoardDelivery next)
    {
        if (previous is not null
            && previous.Status == next.Status
            && previous.Desired == next.Desired
            && previous.BoardReference == next.BoardReference
            && previous.PublishStatus == next.PublishStatus
            && previous.Version == next.Version)
        {
            return [];
        }
        var view = BoardStatusView.Of(next);
        var data = new JobAdStatusChanged(next.Client, next.AdId, next.Board, view.Status, view.PendingAction, next.Reason, next.LastError,
            next.Attempts, next.BoardReference, next.Version, next.UpdatedAt, next.PublishStatus);
        return
        [
            new OutboundEvent(
                HubIds.NewMessageId(),
                EventType,
                $"/clients/{next.Client}",
                $"jobads/{next.AdId}/boards/{next.Board}",
                next.UpdatedAt,
                OutboundTopics.JobAdStatus,
                next.AdId,
                JsonSerializer.Serialize(data, JobAdsJson.Default.JobAdStatusChanged)),
        ];
    }
}
