using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>The facts an exposure query can be narrowed by, in their query-string spelling.</summary>
public static class ExposureFacts
{
    public static IReadOnlyDictionary<string, CitizenFact> ByName { get; } = new Dictionary<string, CitizenFact>(StringComparer.Ordinal)
    {
        ["work-oriented-benefit"] = CitizenFact.WorkOrientedBenefit,
        ["reduced-work-capacity-benefit"] = CitizenFact.ReducedWorkCapacityBenefit,
        ["protected-address"] = CitizenFact.ProtectedAddress,
        ["consent-withdrawn"] = CitizenFact.ConsentToEmployers,
    };

    /// <summary>
    /// When <paramref name="fact"/> held in the world (valid time, the events' own times), as half-open intervals, from
    /// the citizen's events in any order. "consent-withdrawn" holds while consent to employers is stated as false.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> HeldIntervals(IReadOnlyList<CitizenEvent> events, CitizenFact fact)
    {
        var wanted = fact != CitizenFact.ConsentToEmployers;
        var stating = events.Where(e => e.Facts.ContainsKey(fact)).OrderBy(e => e.Time).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var intervals = new List<(DateTimeOffset From, DateTimeOffset? To)>();
        DateTimeOffset? since = null;
        foreach (var e in stating)
        {
            var holds = e.Facts[fact].Flag == wanted;
            if (holds && since is null)
            {
                since = e.Time;
            }
            else if (!holds && since is { } start)
            {
                if (e.Time > start)
                {
                    intervals.Add((start, e.Time));
                }
                since = null;
            }
        }
        if (since is { } open)
        {
            intervals.Add((open, null));
        }
        return intervals;
    }
}
