namespace IntegrationHub.Storage.JobAds;

/// <summary>The JobAds capability's tables, before any prefix (ADR 0027, 0035).</summary>
public static class JobAdsTables
{
    /// <summary>Job ads, their state per board, delivery signals and outbox, one partition per recruitment system.</summary>
    public const string JobAdsTable = "JobAds";

    public static IReadOnlyList<string> All { get; } = [JobAdsTable];
}
