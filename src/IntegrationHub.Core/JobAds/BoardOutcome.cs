using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.Core.JobAds;

/// <param name="PublishStatus">The board's own publication status where it reports one (NAV: ACTIVE, REJECTED, ...).</param>
/// <param name="ConfigurationFault">
/// The board refused the hub's credentials (401/403): the hub is misconfigured, not the ad. Retried like a transient
/// fault but never turned into "failed", and signalled (log event and metric) so an operator fixes the setting.
/// </param>
public sealed record BoardOutcome(BoardOutcomeKind Kind, string? BoardReference = null, string? Detail = null, string? PublishStatus = null, bool ConfigurationFault = false)
{
    public static BoardOutcome Accepted(string? reference = null, string? publishStatus = null) => new(BoardOutcomeKind.Accepted, reference, PublishStatus: publishStatus);

    public static BoardOutcome Sent(string? reference = null) => new(BoardOutcomeKind.Sent, reference);

    public static BoardOutcome AwaitingApproval(string? reference, string? publishStatus = null) => new(BoardOutcomeKind.AwaitingApproval, reference, PublishStatus: publishStatus);

    public static BoardOutcome Waiting(string detail, string? publishStatus = null) => new(BoardOutcomeKind.Waiting, Detail: detail, PublishStatus: publishStatus);

    public static BoardOutcome Rejected(string reason, string? publishStatus = null) => new(BoardOutcomeKind.Rejected, Detail: reason, PublishStatus: publishStatus);

    public static BoardOutcome Transient(string error) => new(BoardOutcomeKind.Transient, Detail: error);

    public static BoardOutcome Unauthorized(string error) => new(BoardOutcomeKind.Transient, Detail: error, ConfigurationFault: true);

    /// <summary>Not decided yet, or not possible yet: stays in its state and is asked about / tried again later.</summary>
    public bool StaysOpen => Kind == BoardOutcomeKind.Waiting || ConfigurationFault;
}
