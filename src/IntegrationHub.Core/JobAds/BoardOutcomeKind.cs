using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.Core.JobAds;

public enum BoardOutcomeKind
{
    /// <summary>The board took the ad and published it (or removed it, for a withdrawal).</summary>
    Accepted,

    /// <summary>The board received the ad and will decide later (NAV's RECEIVED receipt): followed with CheckAsync.</summary>
    Sent,

    /// <summary>The board holds the ad and a person there must approve it before it is published (Jobnet): followed with CheckAsync.</summary>
    AwaitingApproval,

    /// <summary>
    /// CheckAsync: the board has not decided yet (NAV's admin status 404 or not active yet, Jobnet still in approval).
    /// The state stays as it is and the ad is asked about again later; waiting never turns into "failed".
    /// </summary>
    Waiting,

    /// <summary>The board refused it for good (4xx, or a receipt with an error).</summary>
    Rejected,

    /// <summary>Worth trying again later (5xx, timeout, 429 past the short retries, open circuit).</summary>
    Transient,
}
