using IntegrationHub.Core.Cvs;

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
public sealed record DecisionWritten(VisibilityState? Previous, VisibilityState Current, bool CvChanged, bool Repair)
{
    /// <summary>
    /// The CV's facts the decision was made from, when its caller had read them (a CV change signal); null otherwise. A
    /// projection may use them instead of reading them again, and still reads them after its own writes (ADR 0044).
    /// </summary>
    public CvFacts? CvFacts { get; init; }
}
