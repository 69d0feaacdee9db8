namespace IntegrationHub.Core.Access;

/// <summary>The privacy team's reads of harvesting incidents: the list, and one incident with what the account received.</summary>
public sealed class IncidentQueries(IIncidentStore incidents, IAccessLog log, IAccessCounters counters, Microsoft.Extensions.Options.IOptions<AccessOptions> access)
{
    /// <summary>The incident's chart (<see cref="IncidentReadsPerHourView"/>); null when there is no such incident.</summary>
    public async Task<IncidentReadsPerHourView?> ReadsPerHourAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return null;
        }
        var entries = new List<AccessLogEntry>();
        await foreach (var entry in Window(incident, cancellationToken))
        {
            entries.Add(entry);
        }
        var options = access.Value;
        var day = incident.DetectedAt.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var daily = IncidentReadsPerHour.DailyBaseline(await counters.HistoryAsync(incident.Party, day, options.BaselineDays, cancellationToken), options.BaselineDays);
        // The party as the access log names it ("employer:acme"); the limits are keyed by its id ("acme").
        var limits = options.LimitsFor(incident.Party[(incident.Party.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        return new IncidentReadsPerHourView(
            incident.Id,
            incident.Rule,
            new IncidentWindow(incident.WindowFrom, incident.WindowTo),
            IncidentReadsPerHour.Buckets(entries, incident.WindowFrom, incident.WindowTo),
            new IncidentBaselineView(options.BaselineDays, daily, daily / 24, options.BaselineFactor),
            new IncidentLimitsView(limits.AccountPerHour > 0 ? limits.AccountPerHour : null, limits.AccountDailyCeiling));
    }

    /// <summary>What the account received in the incident's window (its end included), from the access log.</summary>
    private IAsyncEnumerable<AccessLogEntry> Window(Incident incident, CancellationToken cancellationToken) =>
        log.ForPartyAsync(incident.Party, incident.WindowFrom, incident.WindowTo.AddSeconds(1), cancellationToken);

    public async Task<IncidentList> ListAsync(CancellationToken cancellationToken) =>
        new([.. (await incidents.ListAsync(cancellationToken)).Select(IncidentSummary.From)]);

    /// <summary>The incident and, from the access log, every CV the account received in its window; null when there is no such incident.</summary>
    public async Task<IncidentDetail?> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return null;
        }
        var received = new Dictionary<(string Registry, string CvId), (int Count, HashSet<string> Kinds, DateTimeOffset First, DateTimeOffset Last)>();
        await foreach (var entry in Window(incident, cancellationToken))
        {
            var key = (entry.Registry, entry.CvId);
            received[key] = received.TryGetValue(key, out var seen)
                ? (seen.Count + 1, [.. seen.Kinds, entry.Kind], seen.First, entry.At)
                : (1, [entry.Kind], entry.At, entry.At);
        }
        return new IncidentDetail
        {
            Incident = IncidentSummary.From(incident),
            Detail = incident.Detail,
            Window = new IncidentWindow(incident.WindowFrom, incident.WindowTo),
            LiftReason = incident.LiftReason,
            ReceivedCvCount = received.Count,
            ReceivedRecordCount = received.Values.Sum(v => v.Count),
            Received = [.. received.Select(r => new ReceivedCv(r.Key.Registry, r.Key.CvId, r.Value.Count, [.. r.Value.Kinds.Order(StringComparer.Ordinal)], r.Value.First, r.Value.Last))],
        };
    }
}
