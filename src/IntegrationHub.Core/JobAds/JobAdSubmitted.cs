using System.Text.Json;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.JobAds;

/// <summary>The answer to a submission: the ad's id, its version, and what happens on each board.</summary>
public sealed record JobAdSubmitted
{
    public required string AdId { get; init; }

    public required int Version { get; init; }

    /// <summary>"accepted" (new or changed) or "unchanged" (identical content: nothing is sent again).</summary>
    public required string Status { get; init; }

    public required IReadOnlyList<BoardStatusView> Boards { get; init; }
}
