namespace IntegrationHub.Core.Visibility.Events;

/// <summary>What checking an event needs beyond the event itself: the registry's jurisdiction and the hub's clock.</summary>
/// <param name="SnapshotFacts">The facts a status snapshot must state: those the jurisdiction's rule rows read.</param>
/// <param name="Now">The hub's time of receipt.</param>
/// <param name="MaxFutureSkew">How far ahead of <paramref name="Now"/> a time may be (clock skew), <c>Hub:Clock</c>.</param>
public sealed record CitizenEventContext(IReadOnlySet<CitizenFact> SnapshotFacts, DateTimeOffset Now, TimeSpan MaxFutureSkew)
{
    /// <summary>For a registry of <paramref name="policy"/>'s jurisdiction.</summary>
    public static CitizenEventContext For(IVisibilityPolicy policy, DateTimeOffset now, TimeSpan maxFutureSkew)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.Facts, now, maxFutureSkew);
    }
}
