using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Access;

/// <summary>A board's grant to read the feed ("Hub:Feeds:{boardId}").</summary>
public sealed class FeedGrant
{
    public bool Enabled { get; set; }

    /// <summary>The board's own daily ceiling of CV details (instead of the employer default).</summary>
    [Range(1, 10_000_000)]
    public int DailyCeiling { get; set; } = 20_000;
}
