namespace IntegrationHub.Core.Access;

/// <summary>
/// A pending marker that outlived its writer (ADR 0045 rule 4): the CV, and the rows the writer wrote, which the manifest
/// may no longer list (an erasure clears it). A narrowing's marker has no rows (its deletes read the manifest) and holds
/// the sequence of the decision it fenced for (<paramref name="Narrowing"/>; null for a widening's).
/// </summary>
public sealed record CvSearchPending(string Registry, string CvId, string Marker, IReadOnlyList<(string Partition, string Row)> Rows, long? Narrowing = null);
