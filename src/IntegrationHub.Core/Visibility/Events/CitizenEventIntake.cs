using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Visibility.Events;

/// <summary>Validates consent and status events and records the valid ones; nothing valid is dropped, nothing invalid stored.</summary>
public sealed partial class CitizenEventIntake(
    ICitizenEventLedger ledger,
    VisibilityService visibility,
    IErasedAtLookup erasures,
    IEventBesideErasure erasureAgain,
    IEventsInFlight inFlight,
    IOptions<HubOptions> hub,
    IOptions<ClockOptions> clockOptions,
    TimeProvider clock,
    ILogger<CitizenEventIntake> logger)
{
    public const int MaxBatch = 100;

    /// <summary>Citizens decided at once per request: the storage round trips of one citizen overlap the others'.</summary>
    public const int Parallelism = 8;

    public async Task<IReadOnlyList<CitizenEventResult>> AcceptAsync(string registry, IReadOnlyList<JsonElement> events, CancellationToken cancellationToken)
    {
        var results = new CitizenEventResult[events.Count];
        var valid = new List<(int Index, CitizenEvent Event)>(events.Count);
        var context = CitizenEventContext.For(
            VisibilityPolicies.For(hub.Value.Registries.TryGetValue(registry, out var settings) ? settings.Jurisdiction
                : throw new InvalidOperationException($"Registry '{registry}' is not configured under Hub:Registries.")),
            clock.GetUtcNow(),
            clockOptions.Value.MaxFutureSkew);
        for (var i = 0; i < events.Count; i++)
        {
            var (citizenEvent, errors) = CitizenEventParser.Parse(events[i], registry, context);
            if (citizenEvent is not null)
            {
                valid.Add((i, citizenEvent));
                continue;
            }
            var id = events[i].ValueKind == JsonValueKind.Object && events[i].TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                ? idElement.GetString()
                : null;
            results[i] = new CitizenEventResult(i, id is { Length: <= CitizenEventParser.MaxIdLength } ? id : null, CitizenEventStatus.Rejected, errors);
        }
        var pending = await RefuseErasedAsync(registry, valid, results, cancellationToken);
        while (pending.Count > 0)
        {
            await RecordAndDecideAsync(registry, pending, results, cancellationToken);
            pending = await EraseAgainIfBesideAsync(registry, pending, results, cancellationToken);
        }
        var applied = results.Count(r => r.Status == CitizenEventStatus.Applied);
        var duplicates = results.Count(r => r.Status == CitizenEventStatus.Duplicate);
        LogAccepted(logger, applied, duplicates, results.Length - applied - duplicates);
        Telemetry.HubMetrics.EventReceived(CitizenEventStatus.Applied, applied);
        Telemetry.HubMetrics.EventReceived(CitizenEventStatus.Duplicate, duplicates);
        Telemetry.HubMetrics.EventReceived(CitizenEventStatus.Rejected, results.Length - applied - duplicates);
        return results;
    }

    private async Task RecordAndDecideAsync(string registry, List<(int Index, CitizenEvent Event)> valid, CitizenEventResult[] results, CancellationToken cancellationToken)
    {
        // A repeat inside the batch is the later one, whatever order the parallel appends finish in.
        var firsts = new List<(int Index, CitizenEvent Event)>(valid.Count);
        var seen = new HashSet<(string, string)>();
        foreach (var item in valid)
        {
            if (seen.Add((item.Event.CitizenId, item.Event.Id)))
            {
                firsts.Add(item);
                continue;
            }
            results[item.Index] = new CitizenEventResult(item.Index, item.Event.Id, CitizenEventStatus.Duplicate, []);
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        // Marked before the events are recorded, cleared once the decision is stored: a request that dies between the two
        // leaves the mark, and the missed-event repair folds the citizen's ledger again (ADR 0047).
        var marks = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(firsts.Select(f => f.Event.CitizenId).Distinct(StringComparer.Ordinal), options, async (citizenId, ct) =>
            marks[citizenId] = await inFlight.MarkAsync(registry, citizenId, ct));
        await Parallel.ForEachAsync(firsts, options, async (item, ct) =>
        {
            var appended = await ledger.AppendAsync(item.Event, ct);
            results[item.Index] = new CitizenEventResult(item.Index, item.Event.Id, appended ? CitizenEventStatus.Applied : CitizenEventStatus.Duplicate, []);
        });
        // Decided and stored before the caller is answered: once the POST has returned, the new facts are in force. A
        // duplicate is decided again too: the POST that first recorded it may have failed before deciding.
        var citizens = valid.GroupBy(v => v.Event.CitizenId, StringComparer.Ordinal);
        await Parallel.ForEachAsync(citizens, options, async (citizen, ct) =>
        {
            await visibility.RecomputeAsync(registry, citizen.Key, [.. citizen.Select(c => c.Event)],
                repeat: citizen.Any(c => results[c.Index].Status == CitizenEventStatus.Duplicate), ct);
            await inFlight.ClearAsync(registry, citizen.Key, marks[citizen.Key], ct);
        });
    }

    /// <summary>
    /// The tombstone read again once the events are recorded and decided (ADR 0040). An erasure writes its tombstone
    /// before it deletes anything, so a read that finds no newer tombstone came before the erasure began, and the
    /// erasure's later steps remove what this request wrote. One that finds a tombstone covering an event of the request
    /// means an erasure ran beside it and may have passed its ledger and state steps already: the event is refused as a
    /// late one is, and the erasure runs again, every step. Its ledger step also takes the citizen's newer events of this
    /// request, so those (they start afresh) come back to be recorded again. One more tombstone read per citizen.
    /// </summary>
    private async Task<List<(int Index, CitizenEvent Event)>> EraseAgainIfBesideAsync(
        string registry, List<(int Index, CitizenEvent Event)> written, CitizenEventResult[] results, CancellationToken cancellationToken)
    {
        var kept = await RefuseErasedAsync(registry, written, results, cancellationToken);
        if (kept.Count == written.Count)
        {
            return [];
        }
        var beside = written.Where(w => results[w.Index].Status == CitizenEventStatus.Rejected).Select(w => w.Event.CitizenId).ToHashSet(StringComparer.Ordinal);
        await Parallel.ForEachAsync(beside, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (citizenId, ct) => await erasureAgain.EraseAgainAsync(registry, citizenId, ct));
        LogErasedBeside(logger, beside.Count);
        return [.. kept.Where(k => beside.Contains(k.Event.CitizenId))];
    }

    /// <summary>The rule of a late event about an erased citizen.</summary>
    public const string ErasedRule = "citizen-erased";

    /// <summary>
    /// Events about a citizen erased after the event's own time are refused: stored, they would bring back data the
    /// erasure removed. A newer event starts afresh (the registry has a new relationship with the person). One tombstone
    /// read per citizen of the request.
    /// </summary>
    private async Task<List<(int Index, CitizenEvent Event)>> RefuseErasedAsync(
        string registry, List<(int Index, CitizenEvent Event)> valid, CitizenEventResult[] results, CancellationToken cancellationToken)
    {
        var erasedAt = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(valid.Select(v => v.Event.CitizenId).Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (citizenId, ct) => erasedAt[citizenId] = await erasures.ErasedAtAsync(registry, citizenId, ct));
        var kept = new List<(int Index, CitizenEvent Event)>(valid.Count);
        foreach (var item in valid)
        {
            if (erasedAt[item.Event.CitizenId] is { } erased && item.Event.Time <= erased)
            {
                results[item.Index] = new CitizenEventResult(item.Index, item.Event.Id, CitizenEventStatus.Rejected,
                    [new FieldError("/time", ErasedRule, "the citizen was erased after this time; an older event cannot bring the data back")]);
                continue;
            }
            kept.Add(item);
        }
        return kept;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Citizen events: an erasure ran beside the request for {Citizens} citizen(s); erased again")]
    private static partial void LogErasedBeside(ILogger logger, int citizens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Citizen events: {Applied} applied, {Duplicates} duplicates, {Rejected} rejected")]
    private static partial void LogAccepted(ILogger logger, int applied, int duplicates, int rejected);
}
