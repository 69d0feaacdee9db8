using System.Text.Json;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.JobAds;

/// <summary>Command: withdraw an ad from every board (the client's DELETE, or the expiry timer).</summary>
public sealed record WithdrawJobAd
{
    public required string Client { get; init; }

    public required string AdId { get; init; }

    /// <summary>"withdrawn by the client" or "expired".</summary>
    public required string Reason { get; init; }

    public required string CorrelationId { get; init; }
}
