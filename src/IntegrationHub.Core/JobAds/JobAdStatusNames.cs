namespace IntegrationHub.Core.JobAds;

public static class JobAdStatusNames
{
    public static string Of(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Sent => "sent",
        DeliveryStatus.AwaitingApproval => "awaiting-approval",
        DeliveryStatus.Accepted => "accepted",
        DeliveryStatus.Rejected => "rejected",
        DeliveryStatus.Failed => "failed",
        DeliveryStatus.Published => "published",
        _ => "withdrawn",
    };

    /// <summary>A state in which the hub does nothing more until the client changes the ad.</summary>
    public static bool IsFinal(DeliveryStatus status) =>
        status is DeliveryStatus.Accepted or DeliveryStatus.Rejected or DeliveryStatus.Failed or DeliveryStatus.Withdrawn or DeliveryStatus.Published;

    /// <summary>The board holds the ad and has not decided on it yet: the hub follows it (CheckAsync) until it does.</summary>
    public static bool IsFollowed(DeliveryStatus status) => status is DeliveryStatus.Sent or DeliveryStatus.AwaitingApproval;
}
