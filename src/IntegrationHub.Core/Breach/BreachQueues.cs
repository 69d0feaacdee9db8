namespace IntegrationHub.Core.Breach;

/// <summary>The Breach capability's queue names (ADR 0027, 0035), shared by the triggers' attributes and the senders.</summary>
public static class BreachQueues
{
    /// <summary>Pages of a breach campaign's letters (ADR 0009), kept to a small backlog by the planner.</summary>
    public const string BreachDelivery = "breach-delivery";

    /// <summary>Breach dry runs requested over HTTP, resolved off the request.</summary>
    public const string BreachDryRun = "breach-dryrun";

    public static IReadOnlyList<string> All { get; } = [BreachDelivery, BreachDryRun];
}
