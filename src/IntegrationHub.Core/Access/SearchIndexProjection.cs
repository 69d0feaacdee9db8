using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.Core.Access;

/// <summary>
/// Keeps the search index in step with each decision written. Readers check the decision in force again, so an index
/// that lags (or an update that fails here and is repeated by the next decision) never serves a hidden CV.
/// </summary>
public sealed class SearchIndexProjection(ICvSearchIndex search, ICvFactsStore cvFacts) : IVisibilityProjection
{
    public async Task DecisionWrittenAsync(DecisionWritten written, CancellationToken cancellationToken)
    {
        var (previous, state) = (written.Previous, written.Current);
        // The consent's sections are part of what the rows hold: a narrower scope rewrites them without the rest.
        var before = previous?.Cv is null ? default
            : (previous.Cv.CvId, previous.Decision.EmployerView().Searchable, previous.Decision.Presentation, Scope: string.Join(',', previous.EmployerSections ?? []));
        var after = state.Cv is null ? default
            : (state.Cv.CvId, state.Decision.EmployerView().Searchable, state.Decision.Presentation, Scope: string.Join(',', state.EmployerSections ?? []));
        if (before == after && !written.CvChanged && !written.Repair)
        {
            return;
        }
        if (before.CvId is { } oldCv && oldCv != after.CvId)
        {
            await search.ApplyAsync(state.Registry, oldCv, null, cancellationToken);
        }
        if (after.CvId is not { } cvId)
        {
            return;
        }
        if (!after.Searchable && previous is null && !written.Repair)
        {
            // The citizen's first decision, and not searchable: rows follow a stored decision that names the CV, and an
            // erasure takes them out before the state, so there are none to take out (ADR 0044: one read fewer).
            return;
        }
        // A CV change signal hands over the facts it decided with (ADR 0044); the fence below reads them after the rows.
        var facts = !after.Searchable ? null
            : written.CvFacts is { } given && given.CvId == cvId ? given
            : await cvFacts.GetAsync(state.Registry, cvId, cancellationToken);
        for (var pass = 1; ; pass++)
        {
            var entry = facts is null ? null
                : SearchHitScope.Within(
                    CvSearchKeys.Entry(facts, state.Decision.Presentation == Presentation.Open ? "open" : "anonymous", state.DecidedAt), state.EmployerSections);
            await search.ApplyAsync(state.Registry, cvId, entry, cancellationToken);
            if (entry is null)
            {
                return;
            }
            var now = await ErasureFence.ReadAgainAsync(cvFacts, state.Registry, cvId, cancellationToken);
            if (now is null)
            {
                // The CV went (an erasure, a deletion) while its rows were written: take them out again.
                await search.ApplyAsync(state.Registry, cvId, null, cancellationToken);
                return;
            }
            // A newer version's facts arrived since they were read: the rows follow them (its own signal follows too).
            if (now.Version == facts!.Version || pass == MaxPasses)
            {
                return;
            }
            facts = now;
        }
    }

    /// <summary>Rows written again for newer facts at most this often in one decision; the newer version's own signal does the rest.</summary>
    private const int MaxPasses = 3;

    public Task ForgetCvAsync(string registry, string cvId, CancellationToken cancellationToken) =>
        search.ApplyAsync(registry, cvId, null, cancellationToken);
}
