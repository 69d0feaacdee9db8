namespace IntegrationHub.Core.Access;

/// <summary>How a CV reached someone outside its registry.</summary>
public static class AccessKinds
{
    public const string SearchHit = "search-hit";
    public const string View = "view";
    public const string FeedDetail = "feed-detail";
}
