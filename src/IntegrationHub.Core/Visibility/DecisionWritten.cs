namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The signal "decision written" (issue 20, ADR 0036): a citizen's decision has just been stored, and what a projection
/// needs to follow it.
/// </summary>
/// <param name="Previous">The decision it replaced; null for the citizen's first.</param>
/// <param name="Current">The decision now in force.</param>
/// <param name="CvChanged">The decision was made for a new, changed or deleted CV.</param>
/// <param name="Repair">
/// The write may follow one that died before its projections ran (a repeated event, or a write that first lost to
/// another writer): a projection brings itself to <paramref name="Current"/> from what it holds, not from the difference
/// to <paramref name="Previous"/>.
/// </param>
public sealed record DecisionWritten(VisibilityState? Previous, VisibilityState Current, bool CvChanged, bool Repair);
