namespace IntegrationHub.Core.Access;

/// <summary>A CV the board may receive, shareable since then; the registry is not told.</summary>
public sealed record BoardFeedReference(string CvId, DateTimeOffset Since)
{
    public static BoardFeedReference From(FeedReference r) => new(r.CvId, r.Since);
}
