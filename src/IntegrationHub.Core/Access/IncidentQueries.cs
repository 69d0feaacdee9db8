namespace IntegrationHub.Core.Access;

/// <summary>The privacy team's reads of harvesting incidents: the list, and one incident with what the account received.</summary>
public sealed class IncidentQueries(IIncidentStore incidents, IAccessLog log)
{
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
        await foreach (var entry in log.ForPartyAsync(incident.Party, incident.WindowFrom, incident.WindowTo.AddSeconds(1), cancellationToken))
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
