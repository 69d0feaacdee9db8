namespace IntegrationHub.Core.JobAds;

/// <summary>What one call of <see cref="IJobAdRetention.PurgeClosedAsync"/> removed: ads and their rows, EURES change rows, and the transactions it used.</summary>
public sealed record JobAdPurge(long Ads, long AdRows, long EuresChangeRows, int Batches);
