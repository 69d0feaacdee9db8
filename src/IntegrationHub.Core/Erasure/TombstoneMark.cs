namespace IntegrationHub.Core.Erasure;

/// <summary>A tombstone as its time-keyed mark lists it: the keyed hash (<see cref="TombstoneKeys"/>) and the erasure time, nothing else.</summary>
public sealed record TombstoneMark(string Key, DateTimeOffset ErasedAt);
