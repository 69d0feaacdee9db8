using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.Core.JobAds;

/// <summary>One board's state of an ad, as callers see it.</summary>
/// <param name="Status">pending, sent, awaiting-approval, accepted, rejected, failed or withdrawn (sent and awaiting-approval are not final).</param>
/// <param name="PendingAction">While pending: "publish" or "withdraw".</param>
/// <param name="Reason">Why the board (or the hub, for that board's rules) rejected the ad.</param>
/// <param name="LastError">The last transient error while delivering.</param>
/// <param name="Attempts">Delivery attempts (queue deliveries; each may retry briefly inside the call).</param>
/// <param name="BoardReference">The board's own id of the ad.</param>
/// <param name="PublishStatus">The board's own publication status where it reports one (NAV: ACTIVE, REJECTED, INACTIVE, STOPPED, DELETED).</param>
public sealed record BoardStatusView(
    [property: AllowedValues(BoardIds.Nav, BoardIds.Jobnet, BoardIds.Finn, BoardIds.Eures)] string Board,
    [property: AllowedValues("pending", "sent", "awaiting-approval", "accepted", "rejected", "failed", "withdrawn", "published")] string Status,
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
