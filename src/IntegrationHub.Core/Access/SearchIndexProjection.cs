using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.Core.Access;

/// <summary>
/// Keeps the search index in step with the decisions (ADR 0045). A narrowing decision fences the CV's manifest and
/// deletes its rows before it commits (<see cref="BeforeDecisionAsync"/>); after a decision commits, its rows are written
/// unverified, the manifest is touched If-Match and the decision read again, and only then are the rows verified, each
/// If-Match its own ETag. Readers serve verified rows as they are and check any other against the decision in force, so
/// a writer that fails or dies part-way leaves slower rows, never wrong ones.
/// </summary>
public sealed class SearchIndexProjection(ICvSearchIndex search, ICvFactsStore cvFacts, IVisibilityStateStore states, SearchIndexSteps steps) : IVisibilityProjection
{
    /// <summary>Passes of one write (a touch or verify lost to another writer starts a pass again) before its rows are left unverified.</summary>
    private const int MaxWritePasses = 3;

    /// <summary>Rows written again for newer facts at most this often in one decision; the newer version's own signal does the rest.</summary>
    private const int MaxPasses = 3;

    /// <summary>Narrowings' markers this process wrote, by CV and the sequence they fenced for, until a decision about the CV commits.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string CvId, long Sequence), string> _narrowings = new();

    /// <summary>Markers kept in memory at most; past it they are forgotten here and left to the repair pass (which only finishes them).</summary>
    private const int MaxKeptNarrowings = 10_000;

    public async Task BeforeDecisionAsync(VisibilityState previous, VisibilityState next, CancellationToken cancellationToken)
    {
        if (previous.Cv?.CvId is not { } cvId)
        {
            return;
        }
        // The marker first: a narrowing that dies between its deletes and its commit leaves it, and the repair pass
        // decides again (its fence stops every writer of the decision in force, so nothing else brings the rows back).
        // Then the fence: a widening that read the manifest before it fails its touch; one that reads it after stops.
        // Then every listed row goes, before the decision commits: a verified row never outlives the view it was written for.
        await steps.ReachedAsync(SearchIndexStep.BeforeFence, cvId, cancellationToken);
        if (await search.MarkNarrowingAsync(previous.Registry, cvId, next.Sequence, cancellationToken) is { } marker)
        {
            if (_narrowings.Count >= MaxKeptNarrowings)
            {
                _narrowings.Clear();
            }
            _narrowings[(cvId, next.Sequence)] = marker;
        }
        await search.RaiseFenceAsync(previous.Registry, cvId, next.Sequence, cancellationToken);
        await steps.ReachedAsync(SearchIndexStep.Fenced, cvId, cancellationToken);
        await search.RemoveAsync(previous.Registry, cvId, cancellationToken);
        await steps.ReachedAsync(SearchIndexStep.Removed, cvId, cancellationToken);
    }

    public async Task DecisionWrittenAsync(DecisionWritten written, CancellationToken cancellationToken)
    {
        await FollowAsync(written, cancellationToken);
        // The rows follow a committed decision: the markers of narrowings of the CV up to it are done (one whose own
        // commit lost to this decision had its deletes rolled forward by this write, a repair: VisibilityService).
        if (written.Previous?.Cv?.CvId is { } cvId && !_narrowings.IsEmpty)
        {
            foreach (var key in _narrowings.Keys.Where(k => k.CvId == cvId && k.Sequence <= written.Current.Sequence))
            {
                if (_narrowings.TryRemove(key, out var marker))
                {
                    await search.ClearNarrowingAsync(marker, cancellationToken);
                }
            }
        }
    }

    private async Task FollowAsync(DecisionWritten written, CancellationToken cancellationToken)
    {
        var (previous, state) = (written.Previous, written.Current);
        await steps.ReachedAsync(SearchIndexStep.Committed, state.Cv?.CvId ?? previous?.Cv?.CvId ?? "", cancellationToken);
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
            // The decision names the CV no more (a registry deleted it, or another CV took its place): its rows go. Its
            // manifest row is recorded when the CV is seen gone, not here: a CV replaced by another may live on and be
            // deleted later, by a decision that names the other CV (ADR 0045, "Replaced CVs deleted later").
            await search.RemoveAsync(state.Registry, oldCv, cancellationToken);
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
            var entry = facts is null ? null : EntryFor(state, facts);
            if (entry is null)
            {
                await search.RemoveAsync(state.Registry, cvId, cancellationToken);
                return;
            }
            await WriteAsync(state, entry, cancellationToken);
            var now = await ErasureFence.ReadAgainAsync(cvFacts, state.Registry, cvId, cancellationToken);
            if (now is null)
            {
                // The CV went (an erasure, a deletion) while its rows were written: take them out again, and fence it as
                // an erasure does (a late writer after the fence row's retention recreates the manifest; fenced, it goes again).
                await ForgetCvAsync(state.Registry, cvId, cancellationToken);
                return;
            }
            // A newer version's facts arrived since they were read: the rows follow them (its own signal follows too). The
            // projection may also be older than the facts given (a CV row's, ADR 0051): those are not followed.
            if (now.Version <= facts!.Version || pass == MaxPasses)
            {
                return;
            }
            facts = now;
        }
    }

    /// <summary>
    /// The index entry of a decision and the CV's facts: what the consent's scope leaves of the facts, with the check a
    /// reader needs (the decision's sequence and sections); unverified.
    /// </summary>
    public static CvSearchHit EntryFor(VisibilityState state, CvFacts facts) =>
        SearchHitScope.Within(CvSearchKeys.Entry(facts, state.Decision.Presentation == Presentation.Open ? "open" : "anonymous", state.DecidedAt), state.EmployerSections)
            with { Sections = state.EmployerSections, Sequence = state.Sequence };

    /// <summary>
    /// ADR 0045 rule 3: rows in unverified, the manifest touched (If-Match: no fence, no other writer since) and the
    /// decision read again, then each row verified If-Match its own ETag. A row a narrowing deleted meanwhile fails its
    /// verify (404), one another writer replaced too (412): neither is marked here.
    /// </summary>
    private async Task WriteAsync(VisibilityState state, CvSearchHit entry, CancellationToken cancellationToken)
    {
        for (var pass = 1; pass <= MaxWritePasses; pass++)
        {
            if (pass > 1 && !SameView(await states.GetEmployerViewAsync(state.Registry, state.CitizenId, cancellationToken), entry))
            {
                // The decision in force shows the CV otherwise now: its own writer writes its rows; these would only
                // replace them for a moment.
                return;
            }
            await steps.ReachedAsync(SearchIndexStep.Listing, entry.CvId, cancellationToken);
            if (await search.BeginAsync(state.Registry, entry.CvId, entry, cancellationToken) is not { } listed)
            {
                return;
            }
            await steps.ReachedAsync(SearchIndexStep.Listed, entry.CvId, cancellationToken);
            var write = await search.InsertAsync(listed, entry, cancellationToken);
            await steps.ReachedAsync(SearchIndexStep.Inserted, entry.CvId, cancellationToken);
            var touched = await search.TouchAsync(write, cancellationToken);
            var inForce = touched is null ? null : await states.GetEmployerViewAsync(state.Registry, state.CitizenId, cancellationToken);
            await steps.ReachedAsync(SearchIndexStep.Checked, entry.CvId, cancellationToken);
            if (touched is not null && !SameView(inForce, entry))
            {
                // A decision in force that shows the CV otherwise: take these rows out; the newer decision writes its own.
                await search.WithdrawAsync(write, cancellationToken);
                return;
            }
            if (touched is null)
            {
                // Another change since the manifest was read (a fence, another writer): a new pass (a fence stops it).
                await WithdrawIfAnotherPassFollowsAsync(write, pass);
                continue;
            }
            if (await search.VerifyAsync(touched, cancellationToken))
            {
                await steps.ReachedAsync(SearchIndexStep.Verified, entry.CvId, cancellationToken);
                await search.FinishAsync(touched, cancellationToken);
                return;
            }
            // A row was deleted or replaced between the insert and the verify: the rows verified stay (they were checked),
            // the others go, and a new pass writes them again (or stops at a fence).
            await WithdrawIfAnotherPassFollowsAsync(touched, pass);
        }
        // Still contended: the last pass's rows stay unverified (checked by readers); the pending marker sends the repair pass.

        // A pass lost to another writer (its touch or its verify) takes its rows out only when another pass follows: two
        // writers of the same view can each lose every pass to the other, and if both took their rows out last the CV
        // would be missing from search until the repair pass. Left unverified, the rows are checked against the decision
        // in force by every reader (safe), and the pending marker sends the repair.
        async Task WithdrawIfAnotherPassFollowsAsync(CvSearchWrite lost, int pass)
        {
            if (pass < MaxWritePasses)
            {
                await search.WithdrawAsync(lost, cancellationToken);
            }
        }
    }

    /// <summary>Whether the decision in force shows the CV exactly as the rows were written: the same CV, searchable, presentation and sections.</summary>
    private static bool SameView(EmployerViewNow? now, CvSearchHit entry) =>
        now is { Visible: true, Searchable: true } && now.CvId == entry.CvId
        && (now.Presentation == Presentation.Open ? "open" : "anonymous") == entry.Presentation
        && (now.Sections ?? []).SequenceEqual(entry.Sections ?? [], StringComparer.Ordinal);

    /// <summary>
    /// A CV gone (erased, deleted by its registry, or found gone): its fence goes to the top (no widening of it verifies
    /// again), then its rows go, then it is recorded for the fence row's retention
    /// (<see cref="SearchIndexRepair.PurgeErasedFencesAsync"/>). A crash before the record leaves the fence row (safe);
    /// the erasure's retry, or the deletion's change signal delivered again, records it.
    /// </summary>
    public async Task ForgetCvAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        await search.RaiseFenceAsync(registry, cvId, long.MaxValue, cancellationToken);
        await search.RemoveAsync(registry, cvId, cancellationToken);
        await search.RecordErasedAsync(registry, cvId, cancellationToken);
    }
}
