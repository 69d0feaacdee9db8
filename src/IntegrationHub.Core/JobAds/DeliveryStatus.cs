namespace IntegrationHub.Core.JobAds;

public enum DeliveryStatus
{
    Pending,
    Sent,

    /// <summary>The board holds the ad and must approve it before publication (Jobnet); not final.</summary>
    AwaitingApproval,
    Accepted,
    Rejected,
    Failed,
    Withdrawn,

    /// <summary>Pull boards (EURES): the ad can be pulled from the hub's vacancy exchange; nothing was pushed.</summary>
    Published,
}
