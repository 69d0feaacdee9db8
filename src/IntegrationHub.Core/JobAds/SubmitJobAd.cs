using System.Text.Json;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.JobAds;

/// <summary>Command: a recruitment system submits (creates or replaces) a job ad.</summary>
public sealed record SubmitJobAd
{
    /// <summary>The recruitment system (client party id) the ad belongs to.</summary>
    public required string Client { get; init; }

    public required JsonElement Document { get; init; }

    public required string CorrelationId { get; init; }
}
