namespace IntegrationHub.Core.Visibility.Events;

public static class CitizenEventStatus
{
    public const string Applied = "applied";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
}
