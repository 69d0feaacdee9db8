namespace IntegrationHub.Core.Visibility;

/// <summary>
/// A store kept from the decisions in force (Access's search index and boards' feed), told of each decision written.
/// Visibility calls it in process and awaits it, after the state is stored and before the caller is answered, so a
/// decision is served by every read path once its request has returned; a projection that fails is repaired by the
/// next decision (<see cref="DecisionWritten.Repair"/>), and readers check the decision in force again meanwhile.
/// Registered by the capability that owns the store (ADR 0036), called in registration order.
/// </summary>
public interface IVisibilityProjection
{
    /// <summary>
    /// Before a decision that <see cref="DecisionNarrowing.NarrowsForSearch"/> commits (ADR 0045): take out what the
    /// decision in force allowed and <paramref name="next"/> may not. If this fails, the decision is not committed.
    /// </summary>
    Task BeforeDecisionAsync(VisibilityState previous, VisibilityState next, CancellationToken cancellationToken);

    Task DecisionWrittenAsync(DecisionWritten written, CancellationToken cancellationToken);

    /// <summary>
    /// The CV is gone for good (erased, deleted by its registry, or found erased by a late change signal; its id is never
    /// drawn again): take out what was derived from it.
    /// </summary>
    Task ForgetCvAsync(string registry, string cvId, CancellationToken cancellationToken);
}
