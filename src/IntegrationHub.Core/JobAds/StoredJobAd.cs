using System.Text.Json;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.JobAds;

/// <summary>An ad as the hub stores it: the sanitised document with its occupation codes completed.</summary>
public sealed record StoredJobAd
{
    public required string Client { get; init; }

    public required string AdId { get; init; }

    public required string Reference { get; init; }

    public required int Version { get; init; }

    /// <summary>SHA-256 of the canonical form of the document as submitted (idempotency).</summary>
    public required string ContentHash { get; init; }

    public required JobAdDocument Ad { get; init; }

    public required bool Withdrawn { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public string? ETag { get; init; }
}
