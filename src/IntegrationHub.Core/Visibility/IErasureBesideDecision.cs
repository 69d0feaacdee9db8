namespace IntegrationHub.Core.Visibility;

/// <summary>
/// A citizen's first decision asks, after its state insert, whether an erasure ran beside it: the whole erasure may
/// have run between the decision's CV read and its insert, and the inserted row would then outlive it (ADR 0040).
/// Visibility asks, Erasure answers from its tombstones and runs the erasure again (ADR 0037), so Visibility does not
/// name Erasure.
/// </summary>
public interface IErasureBesideDecision
{
    /// <summary>
    /// Runs the citizen's erasure again when its tombstone covers the CV the decision was made with (erased at or after
    /// <paramref name="cvUpdatedAt"/>, the CV's last commit); true when it did. A registry's CV DELETE leaves no
    /// tombstone, and an erasure before the CV was committed (a citizen who came back) does not cover it.
    /// </summary>
    Task<bool> EraseAgainIfBesideAsync(string registry, string citizenId, DateTimeOffset cvUpdatedAt, CancellationToken cancellationToken);

    /// <summary>
    /// The same question for a page of first decisions, asked once after all of their inserts: runs the erasure again for
    /// each citizen whose tombstone covers the CV decided for them, and returns those decisions. Every insert precedes
    /// the one look, so an erasure that began before any of them is seen, as the per-decision read sees it.
    /// </summary>
    Task<IReadOnlyList<FirstDecision>> EraseAgainIfBesideAsync(string registry, IReadOnlyCollection<FirstDecision> decisions, CancellationToken cancellationToken);
}
