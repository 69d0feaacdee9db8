namespace IntegrationHub.Core.Visibility.Events;

/// <summary>
/// A validated consent or status event, scoped to the sender's registry. <see cref="Facts"/> is what it states; a
/// status snapshot states every fact at once. Stored as it came, in the ledger, keyed by its id.
/// </summary>
public sealed record CitizenEvent
{
    public required string Id { get; init; }
    public required string Registry { get; init; }
    public required string CitizenId { get; init; }
    public required string Type { get; init; }
    public required string Source { get; init; }

    /// <summary>
    /// When the fact held in the world (the event's own time), not when the hub heard of it; never later than when the
    /// hub heard of it (a time a little ahead of the hub's clock is taken as the hub's time, further ahead is refused),
    /// so no event can outrank one the hub receives after it by claiming a future time.
    /// </summary>
    public required DateTimeOffset Time { get; init; }

    public required IReadOnlyDictionary<CitizenFact, FactValue> Facts { get; init; }

    /// <summary>CV sections a consent covers (empty: the whole CV).</summary>
    public IReadOnlyList<string> Sections { get; init; } = [];
}
