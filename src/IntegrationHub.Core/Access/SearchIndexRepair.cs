using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.Core.Access;

/// <summary>
/// ADR 0045 rule 4: finishes or removes the rows of search index writers that died between their insert and their
/// finish (their pending marker is left). Until it runs such rows are unverified, so readers check them: slower, never
/// wrong. A paced pass: at most <see cref="MarkersPerPass"/> markers older than <see cref="MinimumAge"/> per tick, run
/// by a timer (a singleton behind its lease, as every timer: ADR 0025).
/// </summary>
public sealed class SearchIndexRepair(
    ICvSearchIndex search, ICvFactsStore cvFacts, IVisibilityStateStore states, IEnumerable<IVisibilityProjection> projections, TimeProvider clock)
{
    /// <summary>A marker younger than this may belong to a writer still at work.</summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(1);

    public const int MarkersPerPass = 200;

    private readonly SearchIndexProjection _projection = projections.OfType<SearchIndexProjection>().Single();

    /// <summary>One pass over the markers older than <see cref="MinimumAge"/>; answers how many it handled.</summary>
    public Task<int> RunOnceAsync(CancellationToken cancellationToken) => RunOnceAsync(clock.GetUtcNow() - MinimumAge, cancellationToken);

    public async Task<int> RunOnceAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var pending = await search.PendingAsync(olderThan, MarkersPerPass, cancellationToken);
        foreach (var marker in pending)
        {
            await RepairAsync(marker, cancellationToken);
        }
        return pending.Count;
    }

    private async Task RepairAsync(CvSearchPending marker, CancellationToken cancellationToken)
    {
        var facts = await cvFacts.GetAsync(marker.Registry, marker.CvId, cancellationToken);
        var state = facts is null ? null : await states.GetAsync(marker.Registry, facts.CitizenId, cancellationToken);
        if (state?.Cv?.CvId != marker.CvId || state.Decision.EmployerView() is not { Visible: true, Searchable: true })
        {
            // The CV is gone or may not be found: its rows go, those the manifest lists and those the writer wrote (an
            // erasure cleared the manifest after the writer listed them).
            await search.RemoveAsync(marker.Registry, marker.CvId, cancellationToken);
            await search.ClearPendingAsync(marker, withRows: true, cancellationToken);
            return;
        }
        // Written again for the decision in force, by the same steps as after a decision (a fence above it stops them).
        await _projection.DecisionWrittenAsync(new DecisionWritten(null, state, CvChanged: true, Repair: true) { CvFacts = facts }, cancellationToken);
        await search.ClearPendingAsync(marker, withRows: false, cancellationToken);
    }
}
