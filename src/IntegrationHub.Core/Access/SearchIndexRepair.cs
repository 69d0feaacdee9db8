using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.Core.Access;

/// <summary>
/// ADR 0045 rule 4: finishes or removes the rows of search index writers that died between their insert and their
/// finish (their pending marker is left). Until it runs such rows are unverified, so readers check them: slower, never
/// wrong. A paced pass: at most <see cref="MarkersPerPass"/> markers older than <see cref="MinimumAge"/> per tick, run
/// by a timer (a singleton behind its lease, as every timer: ADR 0025). The same tick removes the fence rows of CVs
/// erased more than <see cref="ErasedFenceKept"/> ago (<see cref="PurgeErasedFencesAsync"/>).
/// </summary>
public sealed class SearchIndexRepair(
    ICvSearchIndex search, ICvFactsStore cvFacts, ICvStore cvs, IVisibilityStateStore states, IEnumerable<IVisibilityProjection> projections, TimeProvider clock)
{
    /// <summary>A marker younger than this may belong to a writer still at work.</summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(1);

    public const int MarkersPerPass = 200;

    /// <summary>
    /// How long an erased CV's fence row (fence <see cref="long.MaxValue"/>, no keys) is kept: far longer than any writer
    /// that read the CV before its erasure can still run (an invocation ends within host.json's functionTimeout, 10
    /// minutes; a writer that died leaves a pending marker the repair handles within minutes). Why removing it then is
    /// safe: ADR 0045, "Fence rows of erased CVs".
    /// </summary>
    public static readonly TimeSpan ErasedFenceKept = TimeSpan.FromDays(30);

    private readonly SearchIndexProjection _projection = projections.OfType<SearchIndexProjection>().Single();

    /// <summary>
    /// One tick: the markers older than <see cref="MinimumAge"/>, then the fence rows of CVs erased more than
    /// <see cref="ErasedFenceKept"/> ago; answers how many markers it handled.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var repaired = await RunOnceAsync(now - MinimumAge, cancellationToken);
        await PurgeErasedFencesAsync(now - ErasedFenceKept, cancellationToken);
        return repaired;
    }

    /// <summary>
    /// Removes the fence rows of CVs erased before <paramref name="erasedBefore"/> (at most <see cref="MarkersPerPass"/>
    /// a tick) whose CV is gone from the CV store and the facts; a CV still there keeps its fence for good (only its
    /// marker goes). Answers how many fence rows went.
    /// </summary>
    public async Task<int> PurgeErasedFencesAsync(DateTimeOffset erasedBefore, CancellationToken cancellationToken)
    {
        var dropped = 0;
        foreach (var erased in await search.ErasedAsync(erasedBefore, MarkersPerPass, cancellationToken))
        {
            // CV ids are drawn at random and never reused (CvIntakeHandler), so once the CV and its facts are gone no new
            // decision can name it; a CV still there (not expected after an erasure) keeps the fence that guards it.
            var gone = await cvs.GetAsync(erased.Registry, erased.CvId, cancellationToken) is null
                && await cvFacts.GetAsync(erased.Registry, erased.CvId, cancellationToken) is null;
            if (await search.DropErasedFenceAsync(erased, keepFence: !gone, cancellationToken) && gone)
            {
                dropped++;
            }
        }
        return dropped;
    }

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
