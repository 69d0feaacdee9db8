using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Decides a citizen's visibility from the event ledger and the CV, and stores it before the caller is answered, so a
/// withdrawal or a protective fact is in force for every read path once its POST has returned.
/// </summary>
public sealed class VisibilityService(
    ICitizenEventLedger ledger,
    IVisibilityStateStore states,
    ICvStore cvs,
    ICvFactsStore cvFacts,
    Access.ICvSearchIndex search,
    Access.IBoardFeedStore feed,
    IOptions<HubOptions> hub,
    TimeProvider clock)
{
    private const int MaxAttempts = 5;

    /// <param name="cvChange">What changed about the CV: <see cref="CvUpdate.To"/> a new CV side, <see cref="CvUpdate.Deleted"/>, or <see cref="CvUpdate.None"/>.</param>
    public Task<VisibilityState> RecomputeAsync(string registry, string citizenId, CvUpdate cvChange, CancellationToken cancellationToken) =>
        RecomputeAsync(registry, citizenId, cvChange, inactivity: null, cancellationToken);

    /// <param name="inactivity">
    /// Inactivity actions the sweep has just carried out, for the last activity it saw: recorded in the state, with
    /// their notices in the outbox, in the same write (so a repeated sweep finds them done). Ignored when the citizen
    /// has been active since the sweep read the state.
    /// </param>
    public Task<VisibilityState> RecomputeAsync(
        string registry, string citizenId, CvUpdate cvChange, InactivityStep? inactivity, CancellationToken cancellationToken) =>
        RecomputeAsync(registry, citizenId, cvChange, inactivity, newEvents: null, cancellationToken);

    /// <summary>
    /// Decides again after <paramref name="newEvents"/> were recorded: they are folded into the facts the state already
    /// holds, without reading the citizen's whole ledger (the fold is a join, so the result is the same). Every other
    /// trigger (a CV change, the sweep, an explanation) folds the whole ledger again, which also repairs a state that
    /// missed an event.
    /// </summary>
    public Task<VisibilityState> RecomputeAsync(string registry, string citizenId, IReadOnlyList<CitizenEvent> newEvents, CancellationToken cancellationToken) =>
        RecomputeAsync(registry, citizenId, CvUpdate.None, inactivity: null, newEvents, cancellationToken);

    /// <param name="repeat">
    /// Some of the events were already recorded: the call that first recorded them may have died (SIGKILL, a scale-in)
    /// after storing the decision and before the search index and the boards' feed followed it (issue 18's crash tests
    /// found exactly this). The derived stores are then brought to the decision from what they hold, not from the
    /// difference to the previous decision, which already includes the events.
    /// </param>
    public Task<VisibilityState> RecomputeAsync(string registry, string citizenId, IReadOnlyList<CitizenEvent> newEvents, bool repeat, CancellationToken cancellationToken) =>
        RecomputeAsync(registry, citizenId, CvUpdate.None, inactivity: null, newEvents, cancellationToken, repeat);

    private async Task<VisibilityState> RecomputeAsync(
        string registry, string citizenId, CvUpdate cvChange, InactivityStep? inactivity, IReadOnlyList<CitizenEvent>? newEvents,
        CancellationToken cancellationToken, bool repeat = false)
    {
        var policy = VisibilityPolicies.For(hub.Value.Registries.TryGetValue(registry, out var settings) ? settings.Jurisdiction
            : throw new InvalidOperationException($"Registry '{registry}' is not configured under Hub:Registries."));
        for (var attempt = 1; ; attempt++)
        {
            var previous = await states.GetAsync(registry, citizenId, cancellationToken);
            var cv = cvChange.Changed ? cvChange.Cv : previous?.Cv;
            var folded = newEvents is not null && previous?.Folded is { } known
                ? new FactLedger(known).Add(newEvents)
                : FactLedger.Fold(await ledger.ReadAsync(registry, citizenId, cancellationToken));
            var facts = folded.ToCitizenFacts(cv is not null, cv?.Publication, cv?.LastCitizenActivityAt);
            var now = clock.GetUtcNow();
            var state = new VisibilityState
            {
                Registry = registry,
                CitizenId = citizenId,
                Cv = cv,
                Facts = facts,
                Decision = policy.Decide(facts, now),
                DecidedAt = now,
                Sequence = (previous?.Sequence ?? 0) + 1,
                Folded = folded.Facts,
            };
            var step = inactivity is { } i && i.LastActivity == previous?.Facts.LastCitizenActivityAt
                ? i with { Done = [.. i.Done.Except(previous.Inactivity?.DoneFor(i.LastActivity) ?? [])] }
                : null;
            state = state with
            {
                ExposedSince = ExposedSince(previous, state),
                Inactivity = policy.FollowsInactivitySchedule ? InactivityProgress.Next(previous, state, step) : null,
                Boards = cv is null ? null : Access.BoardSharing.From(state.Decision, folded),
                EmployerSections = cv is null ? null : Access.ConsentScope.ForEmployers(folded),
            };
            if (previous is null && cv is null && folded.Facts.Count == 0)
            {
                // Nothing is known of the citizen (never was, or erased): no state to write. A late change signal of an
                // erased citizen's CV would otherwise bring back a row naming them.
                return state;
            }
            if (previous is null && cvChange.Cv is { } side && await cvs.GetAsync(registry, side.CvId, cancellationToken) is null)
            {
                // No state, and the CV this change brings is gone: an erasure removed the CV, then the state, while this
                // change was on its way (it erases the CV first, so its absence is certain here). Writing would bring
                // back a row naming the erased citizen; the CV's own change signal decides about a deleted CV.
                return state;
            }
            IReadOnlyList<OutboundEvent> outbound = [.. CvVisibilityChanged.Between(previous, state), .. InactivityNotice.For(state, previous?.Cv?.CvId, step)];
            if (await states.TryWriteAsync(state, previous, outbound, cancellationToken))
            {
                if (previous?.Decision.Audience != state.Decision.Audience)
                {
                    Telemetry.HubMetrics.VisibilityChanged(state.Decision.Audience.ToString());
                }
                // A write that first lost to another writer may have lost to one that died before its derived writes.
                var repair = repeat || attempt > 1;
                await UpdateSearchIndexAsync(previous, state, cvChange.Changed || repair, cancellationToken);
                await UpdateBoardFeedAsync(previous, state, cvChange.Changed, repair, cancellationToken);
                return state;
            }
            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException("The visibility state kept changing under concurrent updates; the operation will be retried.");
            }
        }
    }

    /// <summary>
    /// The decision in force for a registry's own CV, with its facts and reasons (for the owning registry only). Null when
    /// there is no such CV; a state without a decision yet (the CV has just arrived) is decided now, from the same facts.
    /// </summary>
    public async Task<VisibilityState?> ExplainAsync(string registry, string cvId, CancellationToken cancellationToken)
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
        return await RecomputeAsync(registry, cv.CitizenId, CvUpdate.To(SideOf(facts)), cancellationToken);
    }

    /// <summary>
    /// Keeps the search index in step with the decision just written. Readers check the decision in force again, so an
    /// index that lags (or an update that fails here and is repeated by the next recompute) never serves a hidden CV.
    /// </summary>
    private async Task UpdateSearchIndexAsync(VisibilityState? previous, VisibilityState state, bool cvChanged, CancellationToken cancellationToken)
    {
        // The consent's sections are part of what the rows hold: a narrower scope rewrites them without the rest.
        var before = previous?.Cv is null ? default
            : (previous.Cv.CvId, previous.Decision.EmployerView().Searchable, previous.Decision.Presentation, Scope: string.Join(',', previous.EmployerSections ?? []));
        var after = state.Cv is null ? default
            : (state.Cv.CvId, state.Decision.EmployerView().Searchable, state.Decision.Presentation, Scope: string.Join(',', state.EmployerSections ?? []));
        if (before == after && !cvChanged)
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
        var facts = after.Searchable ? await cvFacts.GetAsync(state.Registry, cvId, cancellationToken) : null;
        var entry = facts is null ? null
            : Access.ConsentScope.Within(
                Access.CvSearchKeys.Entry(facts, state.Decision.Presentation == Presentation.Open ? "open" : "anonymous", state.DecidedAt), state.EmployerSections);
        await search.ApplyAsync(state.Registry, cvId, entry, cancellationToken);
        if (entry is not null && !await StillThereAsync(state.Registry, cvId, cancellationToken))
        {
            // The CV went (an erasure, a deletion) while its rows were written: take them out again.
            await search.ApplyAsync(state.Registry, cvId, null, cancellationToken);
        }
    }

    /// <summary>
    /// Whether the CV's facts are still there, read after a derived store was written for it. The erasure and the
    /// pump's deletion remove the facts before the search rows and the boards' listing, so either this read sees
    /// them gone, or it came before the removal and that removal also takes what was just written (issue 16's
    /// erasure left search rows of an erased citizen when a decision's derived writes ran beside it).
    /// </summary>
    private async Task<bool> StillThereAsync(string registry, string cvId, CancellationToken cancellationToken) =>
        await cvFacts.GetAsync(registry, cvId, cancellationToken) is not null;

    /// <summary>
    /// Takes a CV that is gone out of the derived stores: its search rows, and its listing on the boards' feed (closed).
    /// For a change signal that finds the CV erased after the facts were projected again.
    /// </summary>
    public async Task ForgetCvAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        await search.ApplyAsync(registry, cvId, null, cancellationToken);
        if (await feed.IsShareableAsync(cvId, cancellationToken))
        {
            await feed.RecordAsync(new Access.FeedChange(registry, cvId, Access.FeedChanges.Closed, clock.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>The boards' change list: created when a CV becomes shareable, modified while it stays so, closed when it stops.</summary>
    private async Task UpdateBoardFeedAsync(VisibilityState? previous, VisibilityState state, bool cvChanged, bool repeat, CancellationToken cancellationToken)
    {
        var before = previous?.Boards?.Shared == true ? previous.Cv?.CvId : null;
        var after = state.Boards?.Shared == true ? state.Cv?.CvId : null;
        // A shared CV that changed (a redelivered CV message after a crash among them) is "created" for a board that was
        // never told so: one point read, only for CVs shared with boards.
        if ((repeat || (cvChanged && after is not null)) && before == after && state.Cv?.CvId is { } current)
        {
            // A repeat: the shareable set says what was recorded; a change lost to a crash is recorded now.
            var listed = await feed.IsShareableAsync(current, cancellationToken);
            if (after is not null && !listed)
            {
                await RecordCreatedAsync(state.Registry, after, state.DecidedAt, cancellationToken);
                return;
            }
            if (after is null && listed)
            {
                await feed.RecordAsync(new Access.FeedChange(state.Registry, current, Access.FeedChanges.Closed, state.DecidedAt), cancellationToken);
                return;
            }
        }
        if (before is not null && before != after)
        {
            await feed.RecordAsync(new Access.FeedChange(state.Registry, before, Access.FeedChanges.Closed, state.DecidedAt), cancellationToken);
        }
        if (after is null)
        {
            return;
        }
        if (before != after)
        {
            await RecordCreatedAsync(state.Registry, after, state.DecidedAt, cancellationToken);
        }
        else if (cvChanged || !previous!.Boards!.SameAs(state.Boards!) || previous.Decision.Presentation != state.Decision.Presentation)
        {
            await feed.RecordAsync(new Access.FeedChange(state.Registry, after, Access.FeedChanges.Modified, state.DecidedAt), cancellationToken);
        }
    }

    /// <summary>Lists a CV on the boards' feed, and closes it again should the CV have gone meanwhile (see <see cref="StillThereAsync"/>).</summary>
    private async Task RecordCreatedAsync(string registry, string cvId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await feed.RecordAsync(new Access.FeedChange(registry, cvId, Access.FeedChanges.Created, at), cancellationToken);
        if (!await StillThereAsync(registry, cvId, cancellationToken))
        {
            await feed.RecordAsync(new Access.FeedChange(registry, cvId, Access.FeedChanges.Closed, clock.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>An exposure continues while the same CV stays visible to employers, and starts afresh otherwise.</summary>
    private static DateTimeOffset? ExposedSince(VisibilityState? previous, VisibilityState next)
    {
        if (next.Cv is null || !next.Decision.EmployerView().Visible)
        {
            return null;
        }
        return previous?.ExposedSince is { } since && previous.Cv?.CvId == next.Cv.CvId ? since : next.DecidedAt;
    }

    public static CvSide SideOf(CvFacts facts) => new(facts.CvId, facts.Publication, facts.LastCitizenActivityAt);
}
