namespace IntegrationHub.Core.Access;

public static class FeedChanges
{
    public const string Created = "created";
    public const string Modified = "modified";
    public const string Closed = "closed";
}
