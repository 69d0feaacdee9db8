namespace IntegrationHub.Core.Erasure;

/// <summary>
/// What a page's one look for erasures finds (<see cref="IErasureStore.ErasedSinceAsync"/>): the marks of the erasures
/// since the time asked for, and since when every tombstone of the registry has its mark.
/// </summary>
/// <param name="MarkedSince">
/// From when on every tombstone recorded has a mark; null when not known. Tombstones recorded before the marks were
/// deployed have none, so a CV committed before this time cannot be answered by the marks: its decision reads the
/// tombstone itself (ADR 0040).
/// </param>
public sealed record TombstoneMarks(IReadOnlyList<TombstoneMark> Marks, DateTimeOffset? MarkedSince);
