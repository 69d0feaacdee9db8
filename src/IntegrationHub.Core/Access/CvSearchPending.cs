namespace IntegrationHub.Core.Access;

/// <summary>
/// A widening's pending marker that outlived its writer (ADR 0045 rule 4): the CV, and the rows the writer wrote, which
/// the manifest may no longer list (an erasure clears it).
/// </summary>
public sealed record CvSearchPending(string Registry, string CvId, string Marker, IReadOnlyList<(string Partition, string Row)> Rows);
