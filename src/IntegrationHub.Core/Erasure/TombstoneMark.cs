namespace IntegrationHub.Core.Erasure;

/// <summary>A tombstone as its time-keyed mark lists it: the keyed hash (<see cref="TombstoneKeys"/>) and the erasure time, nothing else.</summary>
public sealed record TombstoneMark(string Key, DateTimeOffset ErasedAt)
{
    /// <summary>
    /// How long a mark is kept after its erasure. A page of first decisions reads marks back only to the oldest of its
    /// CVs' commits, and only for CVs committed within <see cref="ErasureBesideDecision.MarkHorizon"/> (older ones read the
    /// tombstone itself), so a mark older than this is never read again; it is a keyed hash of a citizen, so it goes
    /// (the tombstone itself stays, ADR 0022). A day leaves the horizon a wide margin for clocks and backlogs.
    /// </summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    /// <summary>
    /// How long after the first start of a hub that writes marks a process of the hub before it may still record a
    /// tombstone without one (a deployment's old instances draining, an erasure job they resume). A registry whose
    /// tombstones predate the marks trusts them only for CVs committed this long after that start (ADR 0040;
    /// the assumption that an hour is ample for a deployment to replace every instance is stated there).
    /// </summary>
    public static readonly TimeSpan Rollout = TimeSpan.FromHours(1);
}
