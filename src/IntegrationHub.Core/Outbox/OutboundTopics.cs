namespace IntegrationHub.Core.Outbox;

/// <summary>The topics (event families) the hub publishes to.</summary>
public static class OutboundTopics
{
    public const string CvVisibility = "cv-visibility-changed";
    public const string JobAdStatus = "jobad-status-changed";
    public const string BreachProgress = "breach-campaign-progress";
    public const string SecurityAlerts = "security-alerts";

    /// <summary>Notices for the registry to deliver to a citizen (inactivity reminders, deletion warnings).</summary>
    public const string CitizenNotices = "citizen-notices";

    public static IReadOnlyList<string> All { get; } = [CvVisibility, JobAdStatus, BreachProgress, SecurityAlerts, CitizenNotices];
}
