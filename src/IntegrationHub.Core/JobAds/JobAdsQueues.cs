namespace IntegrationHub.Core.JobAds;

/// <summary>The JobAds capability's queue names (ADR 0027, 0035), shared by the triggers' attributes and the pump.</summary>
public static class JobAdsQueues
{
    /// <summary>Pages of job-ad deliveries, one queue per board (a slow or down board never delays the others).</summary>
    public const string JobAdsNav = "jobads-nav";
    public const string JobAdsJobnet = "jobads-jobnet";
    public const string JobAdsFinn = "jobads-finn";

    public static IReadOnlyList<string> All { get; } = [JobAdsNav, JobAdsJobnet, JobAdsFinn];

    /// <summary>The delivery queue of a board (<see cref="Boards.BoardIds"/>).</summary>
    public static string JobAdsFor(string board) => "jobads-" + board;
}
