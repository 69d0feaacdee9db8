namespace IntegrationHub.Core.JobAds;

/// <summary>What the ad should be on the board: published (in its latest rendering) or gone.</summary>
public enum DesiredState
{
    Published,
    Withdrawn,
}
