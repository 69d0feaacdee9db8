using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Access;

/// <summary>
/// ADR 0045 rule 4: finishes or removes the rows of search index writers that died between their insert and their
/// finish (their pending marker is left). Until it runs such rows are unverified, so readers check them: slower, never
/// wrong. A paced pass: at most <see cref="MarkersPerPass"/> markers older than <see cref="MinimumAge"/> per tick, run
/// by a timer (a singleton behind its lease, as every timer: ADR 0025). The same tick removes the fence rows of CVs
/// erased more than <see cref="ErasedFenceKept"/> ago (<see cref="PurgeErasedFencesAsync"/>), and takes one page of the
/// one-time sweeps of manifests nothing would remove otherwise (<see cref="SweepManifestsAsync"/>).
/// </summary>
public sealed class SearchIndexRepair(
    ICvSearchIndex search, ICvFactsStore cvFacts, ICvStore cvs, IVisibilityStateStore states, IEnumerable<IVisibilityProjection> projections,
    VisibilityService visibility, IOptions<HubOptions> hub, TimeProvider clock)
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

    /// <summary>Manifests the sweep reads a tick (one query): about 1.4 million a day at the timer's one tick a minute.</summary>
    public const int ManifestsPerSweep = 1000;

    private readonly SearchIndexProjection _projection = projections.OfType<SearchIndexProjection>().Single();

    /// <summary>The sweeps this process has seen done: later ticks read not even their cursors.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ManifestSweep, bool> _swept = new();

    /// <summary>
    /// One tick: the markers older than <see cref="MinimumAge"/>, then the fence rows of CVs erased more than
    /// <see cref="ErasedFenceKept"/> ago; answers how many markers it handled.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var repaired = await RunOnceAsync(now - MinimumAge, cancellationToken);
        await PurgeErasedFencesAsync(now - ErasedFenceKept, cancellationToken);
        await SweepManifestsAsync(cancellationToken);
        return repaired;
    }

    /// <summary>
    /// One page of the one-time sweeps (ADR 0045, "Manifest rows nothing removed" and "Replaced CVs deleted later"), one
    /// after the other: first the manifests that list no row, then those that still list some. Those whose CV and facts
    /// are gone from every registry (CVs erased or deleted before the erasure and the deletion recorded themselves, and
    /// CVs whose rows a writer from before the fence listed again after their removal) get what an erasure gives them:
    /// the top fence, their rows out, and a record, so the purge removes them <see cref="ErasedFenceKept"/> after this
    /// (never earlier than after the erasure itself). Paged by a cursor row per sweep; each step is idempotent, so a crash
    /// repeats at most one page. Answers how many CVs it fenced.
    /// </summary>
    public async Task<int> SweepManifestsAsync(CancellationToken cancellationToken)
    {
        foreach (var sweep in (ManifestSweep[])[ManifestSweep.WithoutRows, ManifestSweep.WithRows])
        {
            if (!_swept.ContainsKey(sweep))
            {
                return await SweepManifestsAsync(sweep, cancellationToken);
            }
        }
        return 0;
    }

    /// <summary>One page of one sweep (none once this process has seen it done).</summary>
    private async Task<int> SweepManifestsAsync(ManifestSweep sweep, CancellationToken cancellationToken)
    {
        var cursor = await search.SweepCursorAsync(sweep, cancellationToken);
        if (cursor.Done)
        {
            _swept[sweep] = true;
            return 0;
        }
        var page = await search.ManifestsAsync(sweep, cursor.Continuation, ManifestsPerSweep, cancellationToken);
        var fenced = 0;
        await Parallel.ForEachAsync(page.CvIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (cvId, ct) =>
        {
            // The manifest names no registry: the CV is gone only when no configured registry holds it or its facts.
            if (await GoneAsync(AnyRegistry, cvId, ct))
            {
                await _projection.ForgetCvAsync(AnyRegistry, cvId, ct);
                Interlocked.Increment(ref fenced);
            }
        });
        if (fenced == 0 && cursor.Continuation is null && page.Continuation is null)
        {
            // The whole sweep was this one page and found nothing (a young deployment, a test's hub): nothing to write, so
            // an idle hub's timer changes no storage (the fuzz suite's refused requests count every row). A process
            // started later reads that page once again; an index too large for one page gets its cursor as below.
            _swept[sweep] = true;
            return 0;
        }
        await search.SaveSweepCursorAsync(sweep, new CvSearchSweepCursor(page.Continuation, Done: page.Continuation is null), cancellationToken);
        return fenced;
    }

    /// <summary>A record's registry when the sweep found the CV gone from every registry (a manifest names none).</summary>
    private const string AnyRegistry = "";

    /// <summary>
    /// Whether the CV and its facts are gone from <paramref name="registry"/> (from every configured one for
    /// <see cref="AnyRegistry"/>). CV ids are drawn at random and never reused (CvIntakeHandler), so no decision can
    /// name a CV gone from all of them again.
    /// </summary>
    private async Task<bool> GoneAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        foreach (var each in registry == AnyRegistry ? [.. hub.Value.Registries.Keys] : new[] { registry })
        {
            if (await cvs.GetAsync(each, cvId, cancellationToken) is not null || await cvFacts.GetAsync(each, cvId, cancellationToken) is not null)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Removes the fence rows of CVs erased before <paramref name="erasedBefore"/> (at most <see cref="MarkersPerPass"/>
    /// a tick) whose CV is gone from the CV store and the facts; a CV still there keeps its fence for good (only its
    /// marker goes). A record written when a decision stopped naming a CV (before the deletion recorded itself, ADR 0045
    /// "Replaced CVs deleted later") whose CV is gone now finds a fence below the erasure's: the CV is fenced as an
    /// erasure fences and recorded again, so its row goes one retention later. Answers how many fence rows went.
    /// </summary>
    public async Task<int> PurgeErasedFencesAsync(DateTimeOffset erasedBefore, CancellationToken cancellationToken)
    {
        var dropped = 0;
        foreach (var erased in await search.ErasedAsync(erasedBefore, MarkersPerPass, cancellationToken))
        {
            // CV ids are drawn at random and never reused (CvIntakeHandler), so once the CV and its facts are gone no new
            // decision can name it; a CV still there (not expected after an erasure) keeps the fence that guards it.
            var gone = await GoneAsync(erased.Registry, erased.CvId, cancellationToken);
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
        if (marker.Narrowing is { } narrowing && state?.Cv?.CvId == marker.CvId && state.Sequence < narrowing
            && await cvs.GetAsync(marker.Registry, marker.CvId, cancellationToken) is not null)
        {
            // A narrowing that fenced and deleted and never committed (it died, or it is still at work): its fence stops
            // every writer of the decision in force, so the CV would stay out of search until the citizen's next decision.
            // Deciding again from the whole ledger commits the decision in force anew, above the fence: the narrowing's own
            // (its event recorded) or the one before (its rows written again). A narrowing still at work loses its commit
            // and decides again, or wins and this decision follows it (ADR 0045, "A narrowing that dies before its commit").
            await visibility.RedecideAsync(marker.Registry, state.CitizenId, cancellationToken);
            await search.ClearPendingAsync(marker, withRows: false, cancellationToken);
            return;
        }
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
