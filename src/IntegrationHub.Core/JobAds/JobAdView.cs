using System.Text.Json;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.JobAds;

/// <summary>GET /api/jobads/{adId}: the ad and its state on each board.</summary>
public sealed record JobAdView
{
    public required string AdId { get; init; }

    public required string Reference { get; init; }

    public required int Version { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public required bool Withdrawn { get; init; }

    public required IReadOnlyList<BoardStatusView> Boards { get; init; }
}
