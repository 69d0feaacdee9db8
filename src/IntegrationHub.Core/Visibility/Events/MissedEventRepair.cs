using IntegrationHub.Core.Callers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Visibility.Events;

/// <summary>
/// The timer pass that brings a missed event into force (ADR 0047): an event request that recorded its events and died
/// before it stored the decision leaves its mark (<see cref="IEventsInFlight"/>); a mark older than any live request
/// names a citizen whose state may lack those events. The pass folds that citizen's whole ledger, decides again when the
/// fold differs from the state's, and clears the mark. Nothing to do costs one range read per registry. Paced: at most
/// <see cref="MissedEventOptions.CitizensPerPass"/> citizens a pass; a mark goes only once its citizen is repaired, so a
/// pass that stops part-way leaves the rest for the next.
/// </summary>
public sealed partial class MissedEventRepair(
    IEventsInFlight inFlight,
    ICitizenEventLedger ledger,
    IVisibilityStateStore states,
    VisibilityService visibility,
    IErasedAtLookup erasures,
    IEventBesideErasure erasureAgain,
    IOptions<HubOptions> hub,
    IOptions<MissedEventOptions> options,
    TimeProvider clock,
    ILogger<MissedEventRepair> logger)
{
    /// <summary>One pass over every registry; answers the marks taken and the citizens decided again.</summary>
    public async Task<(int Marks, int Repaired)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().AddSeconds(-options.Value.GraceSeconds);
        var budget = options.Value.CitizensPerPass;
        var (marks, repaired) = (0, 0);
        foreach (var registry in hub.Value.Registries.Keys.Order(StringComparer.Ordinal))
        {
            if (budget == 0)
            {
                break;
            }
            foreach (var mark in await inFlight.LeftBeforeAsync(registry, before, budget, cancellationToken))
            {
                repaired += await RepairAsync(mark, cancellationToken) ? 1 : 0;
                // Cleared with the version read: a request that marked the citizen again meanwhile clears its own.
                await inFlight.ClearAsync(mark.Registry, mark.CitizenId, mark.Version, cancellationToken);
                marks++;
                budget--;
            }
        }
        if (marks > 0)
        {
            LogRepaired(logger, marks, repaired);
        }
        return (marks, repaired);
    }

    /// <summary>Decides again from the whole ledger when its fold is not the state's; true when it did.</summary>
    private async Task<bool> RepairAsync(EventsInFlight mark, CancellationToken cancellationToken)
    {
        var state = await states.GetAsync(mark.Registry, mark.CitizenId, cancellationToken);
        var events = await ledger.ReadAsync(mark.Registry, mark.CitizenId, cancellationToken);
        var folded = FactLedger.Fold(events);
        if (state is null ? folded.Facts.Count == 0 : state.FactOrigins is { } known && SameFold(known, folded.Facts))
        {
            // The request stored its decision before it died (or nothing of the citizen is left, e.g. erased): nothing missed.
            return false;
        }
        await visibility.RecomputeAsync(mark.Registry, mark.CitizenId, CvUpdate.None, cancellationToken);
        // The tombstone after the write, as the intake reads it (ADR 0040): the intake refuses events older than an
        // erasure, so an event read above that the tombstone covers means an erasure ran beside this repair and may have
        // passed its state step before the write. It runs again. Only when a citizen was decided again.
        if (await erasures.ErasedAtAsync(mark.Registry, mark.CitizenId, cancellationToken) is { } erasedAt && events.Any(e => e.Time <= erasedAt))
        {
            await erasureAgain.EraseAgainAsync(mark.Registry, mark.CitizenId, cancellationToken);
        }
        return true;
    }

    private static bool SameFold(IReadOnlyDictionary<CitizenFact, FactOrigin> state, IReadOnlyDictionary<CitizenFact, FactOrigin> ledger) =>
        state.Count == ledger.Count && ledger.All(l => state.TryGetValue(l.Key, out var s) && s.Value == l.Value.Value && s.Time == l.Value.Time
            && s.EventId == l.Value.EventId && (s.Sections ?? []).SequenceEqual(l.Value.Sections ?? [], StringComparer.Ordinal));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Missed events: {Marks} request(s) left unfinished, {Repaired} citizen(s) decided again")]
    private static partial void LogRepaired(ILogger logger, int marks, int repaired);
}
