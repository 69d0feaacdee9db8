namespace IntegrationHub.Core.Breach;

public sealed record BreachChannelPolicy
{
    public required IReadOnlyList<string> Channels { get; init; }
    public int? RatePerMinute { get; init; }
}
