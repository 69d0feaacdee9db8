using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Explains a registry's own CV (<c>GET /api/cvs/{cvId}/visibility</c>, for the owning registry only): the decision in
/// force with its facts and reasons, and what was served before. Deciding stays with <see cref="VisibilityService"/>.
/// </summary>
public sealed class CvVisibilityQuery(ICvStore cvs, ICvFactsStore cvFacts, IVisibilityStateStore states, VisibilityService visibility)
{
    /// <summary>
    /// Null when the registry has no such CV. A CV whose decision is not written yet (it has just arrived) is decided
    /// now, from the same facts.
    /// </summary>
    public async Task<CvVisibilityExplanation?> ExplainAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        if (await DecisionAsync(registry, cvId, cancellationToken) is not { } state)
        {
            return null;
        }
        return new CvVisibilityExplanation(state, await states.HistoryAsync(registry, state.CitizenId, cancellationToken));
    }

    private async Task<VisibilityState?> DecisionAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        var cv = await cvs.GetAsync(registry, cvId, cancellationToken);
        if (cv is null)
        {
            return null;
        }
        var state = await states.GetAsync(registry, cv.CitizenId, cancellationToken);
        if (state?.Cv?.CvId == cvId)
        {
            return state;
        }
        // The CV has just arrived and the pipeline has not projected it yet: take its facts from the document itself.
        var facts = await cvFacts.GetAsync(registry, cvId, cancellationToken);
        if (facts is null)
        {
            using var document = System.Text.Json.JsonDocument.Parse(await cvs.ReadDocumentAsync(cv, cancellationToken));
            facts = CvFactsBuilder.Build(cv, document.RootElement);
        }
        return await visibility.RecomputeAsync(registry, cv.CitizenId, CvUpdate.To(CvInForce.From(facts)), cancellationToken);
    }
}
