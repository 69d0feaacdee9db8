using System.Collections.Concurrent;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Decides a citizen's visibility from the event ledger and the CV, and stores it before the caller is answered, so a
/// withdrawal or a protective fact is in force for every read path once its POST has returned. Each decision written is
/// signalled, in the same call, to the projections (<see cref="IVisibilityProjection"/>: Access's search index and
/// boards' feed).
/// </summary>
public sealed class VisibilityService(
    ICitizenEventLedger ledger,
    IVisibilityStateStore states,
    ICvStore cvs,
    IEnumerable<IVisibilityProjection> projections,
    IErasureBesideDecision erasureBeside,
    IOptions<HubOptions> hub,
    TimeProvider clock,
    FirstDecisionGuess? firstDecisionGuess = null)
{
    private const int MaxAttempts = 5;

    private readonly IVisibilityProjection[] _projections = [.. projections];

    /// <param name="cvChange">What changed about the CV: <see cref="CvUpdate.To"/> a new or changed CV, <see cref="CvUpdate.Deleted"/>, or <see cref="CvUpdate.None"/>.</param>
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
    /// holds, without reading the citizen's whole ledger (the fold is a join, so the result is the same). A CV change
    /// signal uses the state's fold as it is (<see cref="DecideCvChangeAsync"/>); the sweep and an explanation fold the
    /// whole ledger again, which also repairs a state that missed an event.
    /// </summary>
    public Task<VisibilityState> RecomputeAsync(string registry, string citizenId, IReadOnlyList<CitizenEvent> newEvents, CancellationToken cancellationToken) =>
        RecomputeAsync(registry, citizenId, CvUpdate.None, inactivity: null, newEvents, cancellationToken);

    /// <param name="repeat">
    /// Some of the events were already recorded: the call that first recorded them may have died (SIGKILL, a scale-in)
    /// after storing the decision and before the projections (search index, boards' feed) followed it (issue 18's crash tests
    /// found exactly this). The derived stores are then brought to the decision from what they hold, not from the
    /// difference to the previous decision, which already includes the events (<see cref="DecisionWritten.Repair"/>).
    /// </param>
    public Task<VisibilityState> RecomputeAsync(string registry, string citizenId, IReadOnlyList<CitizenEvent> newEvents, bool repeat, CancellationToken cancellationToken) =>
        RecomputeAsync(registry, citizenId, CvUpdate.None, inactivity: null, newEvents, cancellationToken, repeat);

    /// <summary>
    /// Decides again from the whole ledger and writes the decision even when nothing changed, the projections brought to
    /// it from what they hold (<see cref="DecisionWritten.Repair"/>): the search index's repair pass, for a narrowing that
    /// died before its commit, whose fence stops every writer of the decision in force (ADR 0045).
    /// </summary>
    public Task<VisibilityState> RedecideAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        RecomputeAsync(registry, citizenId, CvUpdate.None, inactivity: null, newEvents: null, cancellationToken, repeat: true);

    /// <summary>
    /// Decides again for a CV change signal (the <c>cv-changes</c> handler) about the CV <paramref name="cvId"/> (null: a
    /// deletion whose CV is not known, decided as the citizen's CV gone; a known one is <see cref="DecideCvDeletionAsync"/>'s). The CV is read after the citizen's state, on every attempt, and its row carries the facts of its last
    /// commit, so no facts read goes before (ADR 0051). False when the CV is gone (an erasure or a deletion while the
    /// signal was on its way): nothing was written, and the caller takes out what the facts left behind. A CV change adds
    /// no event, so the facts the state holds stand for the ledger, and the CV's facts go on to the projections (ADR 0044).
    /// </summary>
    public Task<bool> DecideCvChangeAsync(string registry, string citizenId, string? cvId, CancellationToken cancellationToken) =>
        DecideCvChangeAsync(registry, citizenId, cvId, firstDecisions: null, firstVersion: false, cancellationToken);

    /// <param name="firstDecisions">
    /// Where a first decision (no state before; its insert written) is put instead of asking about an erasure beside it
    /// at once: a page asks for all of its first decisions after all of its inserts
    /// (<see cref="EraseAgainIfBesideAsync"/>, ADR 0040). Null: asked here, one tombstone read.
    /// </param>
    /// <param name="firstVersion">
    /// The signal is of the CV's first version: its citizen usually has no state yet, so the decision may be inserted
    /// without reading one first (<see cref="FirstDecisionGuess"/>, ADR 0063).
    /// </param>
    public async Task<bool> DecideCvChangeAsync(
        string registry, string citizenId, string? cvId, ConcurrentBag<FirstDecision>? firstDecisions, bool firstVersion, CancellationToken cancellationToken) =>
        (await RecomputeAsync(registry, citizenId, cvId is null ? CvUpdate.Deleted : CvUpdate.None, inactivity: null, newEvents: null,
            repeat: false, cvSignal: true, signalledCvId: cvId, cancellationToken, firstDecisions,
            guessFirst: firstVersion && cvId is not null && firstDecisionGuess?.ShouldGuess(registry) == true)).Written;

    /// <summary>
    /// Decides again for a CV deletion signal about <paramref name="deletedCvId"/>, only when the citizen's state names
    /// that CV (or none). A CV that another one replaced is named by no decision any more: its deletion leaves the decision
    /// in force as it is. Deciding it as "the citizen's CV went" hid the CV in force from search and views until it
    /// changed again, the normal flow of a registry that replaces CVs and deletes the old one later. False when nothing
    /// was written.
    /// </summary>
    public async Task<bool> DecideCvDeletionAsync(string registry, string citizenId, string deletedCvId, CancellationToken cancellationToken) =>
        (await RecomputeAsync(registry, citizenId, CvUpdate.Deleted, inactivity: null, newEvents: null,
            repeat: false, cvSignal: true, signalledCvId: null, cancellationToken, deletedCvId: deletedCvId)).Written;

    /// <summary>
    /// After a page's decisions: runs the erasure again for each first decision an erasure ran beside (one tombstone look
    /// for the page, <see cref="IErasureBesideDecision"/>); those decisions are returned, and the caller takes out what
    /// their CVs' facts left behind, as for an erased CV.
    /// </summary>
    public Task<IReadOnlyList<FirstDecision>> EraseAgainIfBesideAsync(string registry, IReadOnlyCollection<FirstDecision> firstDecisions, CancellationToken cancellationToken) =>
        firstDecisions.Count == 0 ? Task.FromResult<IReadOnlyList<FirstDecision>>([])
            : erasureBeside.EraseAgainIfBesideAsync(registry, firstDecisions, cancellationToken);

    private async Task<VisibilityState> RecomputeAsync(
        string registry, string citizenId, CvUpdate cvChange, InactivityStep? inactivity, IReadOnlyList<CitizenEvent>? newEvents,
        CancellationToken cancellationToken, bool repeat = false) =>
        (await RecomputeAsync(registry, citizenId, cvChange, inactivity, newEvents, repeat, cvSignal: false, signalledCvId: null, cancellationToken)).State!;

    /// <returns>The state decided (null when a change signal found its CV gone or without facts), and whether it was written.</returns>
    private async Task<(VisibilityState? State, bool Written)> RecomputeAsync(
        string registry, string citizenId, CvUpdate cvChange, InactivityStep? inactivity, IReadOnlyList<CitizenEvent>? newEvents,
        bool repeat, bool cvSignal, string? signalledCvId, CancellationToken cancellationToken, ConcurrentBag<FirstDecision>? firstDecisions = null,
        string? deletedCvId = null, bool guessFirst = false)
    {
        CvFacts? signalledFacts = null;
        // Attempts that were a first version's guess and wrote nothing (ADR 0063). They do not count as attempts: a refused
        // guess is no write lost to another writer (without it the state would have been read and taken as it is), so it
        // neither makes the next write a repair nor uses up the attempts.
        var guesses = 0;
        var policy = VisibilityPolicies.For(hub.Value.Registries.TryGetValue(registry, out var settings) ? settings.Jurisdiction
            : throw new InvalidOperationException($"Registry '{registry}' is not configured under Hub:Registries."));
        for (var attempt = 1; ; attempt++)
        {
            // ADR 0063: a first version's decision guessed first (no state read): an insert, refused if a state exists.
            var guessing = guessFirst && attempt == 1;
            var previous = guessing ? null : await states.GetAsync(registry, citizenId, cancellationToken);
            if (deletedCvId is not null && previous?.Cv is { } inForce && inForce.CvId != deletedCvId)
            {
                // The deleted CV is not the one in force (it was replaced): nothing about the citizen changed.
                return (previous, false);
            }
            StoredCv? stored = null;
            if (signalledCvId is not null)
            {
                // A change signal's one CV read, after the state read (ADR 0044): "is it still there?" (ADR 0040) and, from
                // the same row, the facts of the CV's last commit (ADR 0051: the facts projection is not read first).
                if ((stored = await cvs.GetWithFactsAsync(registry, signalledCvId, cancellationToken)) is null)
                {
                    if (guessing)
                    {
                        // The state was not read, and a state that names the gone CV must join the look below: decide
                        // again the way that reads it.
                        guesses++;
                        continue;
                    }
                    if (previous?.Cv?.CvId == signalledCvId && previous.CvCommittedAt is { } committed)
                    {
                        // The CV is gone and the state still names it. An erasure that ran beside the first decision
                        // made with it, on an earlier delivery of this page whose look for erasures failed (storage
                        // away, a crash), leaves exactly this: the retry finds the state, so it is no first decision,
                        // and nothing else would look. It joins the page's look with the commit the state kept; an
                        // erasure that covers it runs again and takes the state (ADR 0040). A registry's DELETE leaves
                        // no tombstone, and a citizen who came back after an erasure has a tombstone older than the CV.
                        if (firstDecisions is not null)
                        {
                            firstDecisions.Add(new FirstDecision(citizenId, signalledCvId, committed));
                        }
                        else
                        {
                            await erasureBeside.EraseAgainIfBesideAsync(registry, citizenId, committed, cancellationToken);
                        }
                    }
                    return (null, false);
                }
                if (stored.Facts is not { } rowFacts)
                {
                    // Neither the row nor the projection holds facts (a row from before ADR 0051 whose facts the pump has
                    // not projected yet): nothing to decide with, as when the handler found no facts; the next signal decides.
                    return (null, true);
                }
                if (rowFacts.CitizenId != citizenId)
                {
                    // A later commit gave the CV to another citizen: decide for the citizen it belongs to now (the handler
                    // did so when it read the facts first), reading that citizen's state first.
                    citizenId = attempt - guesses < MaxAttempts ? rowFacts.CitizenId
                        : throw new InvalidOperationException("The CV kept changing citizens under concurrent commits; the change will be retried.");
                    continue;
                }
                signalledFacts = rowFacts;
                cvChange = CvUpdate.To(CvInForce.From(rowFacts));
            }
            var cv = cvChange.Changed ? cvChange.Cv : previous?.Cv;
            var (folded, fromState) = await FoldAsync(registry, citizenId, previous, newEvents, cvSignal, cancellationToken);
            var (state, step) = Decide(policy, registry, citizenId, cv, folded, previous, inactivity);
            if (fromState && OpensToOutsiders(previous, state))
            {
                // Privacy over one read: decided from the state's fold, this CV change would let someone outside the
                // registry see more than the decision before it did. The state can have missed an event whose request
                // died before it wrote the state (a protected address, a withdrawal) and whose sender never sent it
                // again, so a decision that opens the CV is made from the whole ledger; one that opens nothing keeps
                // the fold (ADR 0044).
                folded = FactLedger.Fold(await ledger.ReadAsync(registry, citizenId, cancellationToken));
                (state, step) = Decide(policy, registry, citizenId, cv, folded, previous, inactivity);
            }
            if (previous is null && cv is null && folded.Facts.Count == 0)
            {
                // Nothing is known of the citizen (never was, or erased): no state to write. A late change signal of an
                // erased citizen's CV would otherwise bring back a row naming them.
                return (state, false);
            }
            if (signalledCvId is null && previous is null && cvChange.Cv is { } arriving && (stored = await cvs.GetAsync(registry, arriving.CvId, cancellationToken)) is null)
            {
                // No state, and the CV this change brings is gone: an erasure removed the CV, then the state, while this
                // change was on its way (it erases the CV first, so its absence is certain here). Writing would bring
                // back a row naming the erased citizen; the CV's own change signal decides about a deleted CV. A change
                // signal has read the CV above, after the state, on every attempt (ADR 0044, 0051).
                return (state, false);
            }
            // The CV's commit goes with the state, so that a page delivered again can still look for an erasure beside
            // the first decision made with it after the CV is gone (ADR 0040).
            state = state with
            {
                CvCommittedAt = state.Cv is null ? null
                    : stored is not null && stored.CvId == state.Cv.CvId ? stored.UpdatedAt
                    : previous?.Cv?.CvId == state.Cv.CvId ? previous.CvCommittedAt : null,
            };
            IReadOnlyList<OutboundEvent> outbound = [.. CvVisibilityChanged.Between(previous, state), .. InactivityNotice.For(state, previous?.Cv?.CvId, step)];
            if (DecisionNarrowing.NarrowsForSearch(previous, state))
            {
                // ADR 0045: what may no longer be found goes before the decision commits; if that fails, nothing is committed.
                foreach (var projection in _projections)
                {
                    await projection.BeforeDecisionAsync(previous!, state, cancellationToken);
                }
            }
            if (await states.TryWriteAsync(state, previous, outbound, cancellationToken))
            {
                if (previous?.Decision.Audience != state.Decision.Audience)
                {
                    Telemetry.HubMetrics.VisibilityChanged(state.Decision.Audience.ToString());
                }
                // A write that first lost to another writer may have lost to one that died before its derived writes.
                if (guessing)
                {
                    firstDecisionGuess!.Record(registry, missed: false);
                }
                var written = new DecisionWritten(previous, state, cvChange.Changed, Repair: repeat || attempt - guesses > 1) { CvFacts = signalledFacts };
                foreach (var projection in _projections)
                {
                    await projection.DecisionWrittenAsync(written, cancellationToken);
                }
                if (previous is null && stored is not null)
                {
                    // A first decision: a whole erasure may have run between the CV read above and this insert, so the
                    // row just inserted would outlive it. A tombstone look after the insert tells; the erasure runs
                    // again (ADR 0040). A page of CV changes looks once for all of its first decisions, after them all.
                    if (firstDecisions is not null && signalledCvId is not null)
                    {
                        firstDecisions.Add(new FirstDecision(citizenId, signalledCvId, stored.UpdatedAt));
                    }
                    else if (await erasureBeside.EraseAgainIfBesideAsync(registry, citizenId, stored.UpdatedAt, cancellationToken))
                    {
                        return (state, false);
                    }
                }
                return (state, true);
            }
            if (guessing)
            {
                // The citizen has a state (or one was written meanwhile): decide again from it, as without the guess.
                firstDecisionGuess!.Record(registry, missed: true);
                guesses++;
                continue;
            }
            if (attempt - guesses == MaxAttempts)
            {
                throw new InvalidOperationException("The visibility state kept changing under concurrent updates; the operation will be retried.");
            }
        }
    }

    /// <summary>The state the facts and the CV give now, and the inactivity step it records.</summary>
    private (VisibilityState State, InactivityStep? Step) Decide(
        IVisibilityPolicy policy, string registry, string citizenId, CvInForce? cv, FactLedger folded, VisibilityState? previous, InactivityStep? inactivity)
    {
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
            FactOrigins = folded.Facts,
        };
        var step = inactivity is { } i && i.LastActivity == previous?.Facts.LastCitizenActivityAt
            ? i with { Done = [.. i.Done.Except(previous.Inactivity?.DoneFor(i.LastActivity) ?? [])] }
            : null;
        state = state with
        {
            ExposedSince = ExposedSince(previous, state),
            Inactivity = policy.FollowsInactivitySchedule ? InactivityProgress.Next(previous, state, step) : null,
            Boards = cv is null ? null : BoardSharing.From(state.Decision, folded),
            EmployerSections = cv is null ? null : ConsentScope.ForEmployers(folded),
        };
        return (state, step);
    }

    /// <summary>
    /// True when <paramref name="next"/> lets employers or boards see something the decision before it did not: the CV
    /// becomes visible or searchable, another CV is shown, its presentation or sections change, or it goes to boards.
    /// No previous decision counts as hidden.
    /// </summary>
    internal static bool OpensToOutsiders(VisibilityState? previous, VisibilityState next)
    {
        var now = next.Decision.EmployerView();
        if (!now.Visible)
        {
            return false;
        }
        if (previous is null || previous.Decision.EmployerView() != now || previous.Cv?.CvId != next.Cv?.CvId
            || previous.Decision.Presentation != next.Decision.Presentation)
        {
            return true;
        }
        var sameSections = (previous.EmployerSections ?? []).SequenceEqual(next.EmployerSections ?? [], StringComparer.Ordinal);
        var sameBoards = (previous.Boards ?? BoardSharing.None).SameAs(next.Boards ?? BoardSharing.None);
        return !sameSections || !sameBoards;
    }

    /// <summary>
    /// The citizen's facts from the events. New events fold into what the state holds. A CV change signal adds no event,
    /// so the state's fold is the ledger's, and no state means no event is in force yet (every request that records one
    /// writes the state before it answers; one that died before is repeated by its sender and decided then): ADR 0044.
    /// Everything else (the sweep, an explanation, a state from before the fold was kept) folds the whole ledger, which
    /// also repairs a state that missed an event.
    /// </summary>
    /// <returns>The fold, and whether it was taken from the state for a CV change (no ledger read).</returns>
    private async Task<(FactLedger Ledger, bool FromState)> FoldAsync(
        string registry, string citizenId, VisibilityState? previous, IReadOnlyList<CitizenEvent>? newEvents, bool cvSignal, CancellationToken cancellationToken)
    {
        if (newEvents is not null && previous?.FactOrigins is { } known)
        {
            return (new FactLedger(known).Add(newEvents), false);
        }
        if (cvSignal && (previous is null || previous.FactOrigins is not null))
        {
            return (new FactLedger(previous?.FactOrigins ?? new Dictionary<CitizenFact, FactOrigin>()), true);
        }
        return (FactLedger.Fold(await ledger.ReadAsync(registry, citizenId, cancellationToken)), false);
    }

    /// <summary>
    /// Takes a CV that is gone out of the projections: its search rows, and its listing on the boards' feed (closed).
    /// For the erasure, and for a change signal that finds the CV erased after the facts were projected again.
    /// </summary>
    public async Task ForgetCvAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        foreach (var projection in _projections)
        {
            await projection.ForgetCvAsync(registry, cvId, cancellationToken);
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
}
