namespace IntegrationHub.Core.Visibility.Events;

/// <summary>
/// The facts a citizen's events add up to. For each fact the event with the latest event time wins (ties broken by
/// event id), so the result depends only on the set of events, never on the order they arrived in: late and
/// out-of-order events converge. Activity keeps the latest time any activity event happened.
/// </summary>
public sealed record FactLedger(IReadOnlyDictionary<CitizenFact, FactOrigin> Facts)
{
    public static FactLedger Fold(IEnumerable<CitizenEvent> events) => new FactLedger(new Dictionary<CitizenFact, FactOrigin>()).Add(events);

    /// <summary>
    /// This ledger with <paramref name="events"/> folded in. "Latest event time wins" is a join: folding new events into
    /// an earlier fold gives exactly the fold of all events, and folding an event twice changes nothing.
    /// </summary>
    public FactLedger Add(IEnumerable<CitizenEvent> events)
    {
        var facts = new Dictionary<CitizenFact, FactOrigin>(Facts);
        foreach (var e in events)
        {
            foreach (var (fact, value) in e.Facts)
            {
                if (!facts.TryGetValue(fact, out var current) || Later(fact, (e.Time, value, e.Id), (current.Time, current.Value, current.EventId)))
                {
                    facts[fact] = new FactOrigin(value, e.Time, e.Id, e.Sections is { Count: > 0 } sections ? sections : null);
                }
            }
        }
        return new FactLedger(facts);
    }

    /// <summary>
    /// A total order, so the fold stays a join: by event time; at the same time a consent's "no" outranks its "yes" (a
    /// withdrawal is never outranked by a grant of the same moment); then by event id.
    /// </summary>
    private static bool Later(CitizenFact fact, (DateTimeOffset Time, FactValue Value, string Id) a, (DateTimeOffset Time, FactValue Value, string Id) b)
    {
        if (a.Time != b.Time)
        {
            return a.Time > b.Time;
        }
        if (fact is CitizenFact.ConsentToEmployers or CitizenFact.ConsentToBoards && a.Value.Flag != b.Value.Flag)
        {
            return a.Value.Flag == false;
        }
        return string.CompareOrdinal(a.Id, b.Id) > 0;
    }

    public bool? Flag(CitizenFact fact) => Facts.TryGetValue(fact, out var origin) ? origin.Value.Flag : null;

    /// <summary>The facts the visibility policies decide on, with what the CV itself says.</summary>
    public CitizenFacts ToCitizenFacts(bool cvPresent, string? cvPublication, DateTimeOffset? cvLastActivity)
    {
        var activity = Facts.TryGetValue(CitizenFact.Activity, out var a) ? a.Time : (DateTimeOffset?)null;
        return new CitizenFacts
        {
            CvPresent = cvPresent,
            ConsentToEmployers = Flag(CitizenFact.ConsentToEmployers),
            WorkOrientedBenefit = Flag(CitizenFact.WorkOrientedBenefit),
            ReducedWorkCapacityBenefit = Flag(CitizenFact.ReducedWorkCapacityBenefit),
            AgreedToShowDespiteReducedCapacity = Flag(CitizenFact.AgreedToShowDespiteReducedCapacity),
            JobReady = Flag(CitizenFact.JobReady),
            ProtectedAddress = Flag(CitizenFact.ProtectedAddress),
            SearchDuty = Flag(CitizenFact.SearchDuty),
            // The citizen's latest choice wins over what the registry last sent in the CV.
            Publication = Facts.TryGetValue(CitizenFact.Publication, out var p) ? p.Value.Word : cvPublication,
            LastCitizenActivityAt = Max(activity, cvLastActivity),
        };
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
