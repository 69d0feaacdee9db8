using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Access;

/// <summary>Section "Hub:Feeds": board id -> grant.</summary>
public sealed class FeedOptions
{
    public const string Section = "Hub:Feeds";

    public Dictionary<string, FeedGrant> Boards { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How late a change row may land after the time in its key (ADR 0029): the change list serves only rows older than
    /// this, and a writer whose row took more than half of it to land records the change again under a fresh key, so no
    /// row lands behind a token already handed out. 0 switches both off (hosts whose readers must see a change at once).
    /// </summary>
    [Range(0, 600)]
    public int ChangesHorizonSeconds { get; set; } = 30;

    /// <summary>References per details request at most.</summary>
    public const int MaxDetails = 100;
}
