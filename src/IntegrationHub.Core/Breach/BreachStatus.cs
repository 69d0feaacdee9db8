namespace IntegrationHub.Core.Breach;

/// <summary>The states of a campaign; the legal moves are in <see cref="BreachTransitions"/>.</summary>
public static class BreachStatus
{
    public const string Draft = "draft";
    public const string Approved = "approved";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Cancelled = "cancelled";

    /// <summary>Every citizen of the audience delivered or failed.</summary>
    public const string Completed = "completed";

    /// <summary>The report to the supervisory authority is filed (GDPR art. 33); ends the campaign's legal hold.</summary>
    public const string Reported = "reported";
}
