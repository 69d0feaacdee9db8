using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Cvs;

/// <summary>The answer to a registry's submission.</summary>
public sealed record CvSubmitted
{
    public required string CvId { get; init; }
    public required int Version { get; init; }

    /// <summary>"accepted" (new or changed) or "unchanged".</summary>
    [AllowedValues("accepted", "unchanged")]
    public required string Status { get; init; }

    /// <summary>Fields that hold a national ID number: stored, never shown outside the owning registry.</summary>
    public required IReadOnlyList<CvWarning> Warnings { get; init; }
}
