using System.ComponentModel;

namespace IntegrationHub.Core.Access;

/// <summary>One change of a CV a board may receive; the registry is not told.</summary>
public sealed record BoardFeedChange(string CvId, [property: Description("created, modified or closed.")] string Change, DateTimeOffset At)
{
    public static BoardFeedChange From(FeedChange c) => new(c.CvId, c.Change, c.At);
}
