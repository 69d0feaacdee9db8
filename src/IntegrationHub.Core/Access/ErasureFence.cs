using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.Access;

/// <summary>
/// The projections' half of the fence between a decision and an erasure running beside it (commit 4153696): the
/// erasure and the pump's deletion remove a CV's facts before its search rows and its boards' listing, so a projection
/// that reads the facts again after writing either sees them gone and removes what it wrote, or read before the removal,
/// which then also takes what was just written (issue 16's erasure left search rows of an erased citizen when a
/// decision's derived writes ran beside it).
/// </summary>
internal static class ErasureFence
{
    /// <summary>Whether the CV's facts are still there, read after a derived store was written for it.</summary>
    public static async Task<bool> StillThereAsync(ICvFactsStore cvFacts, string registry, string cvId, CancellationToken cancellationToken) =>
        await ReadAgainAsync(cvFacts, registry, cvId, cancellationToken) is not null;

    /// <summary>
    /// The CV's facts, read after a derived store was written for it; null when they are gone. The search projection also
    /// compares their version with the one it wrote from: the facts it got may come from before the decision (ADR 0044).
    /// </summary>
    public static Task<CvFacts?> ReadAgainAsync(ICvFactsStore cvFacts, string registry, string cvId, CancellationToken cancellationToken) =>
        cvFacts.GetAsync(registry, cvId, cancellationToken);
}
