using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// What the facts said, over the events' own times (valid time). Unlike the served history (the hub's time), this is
/// derived again from the ledger whenever it is asked for, so a late event corrects it; the served history keeps what
/// was actually shown. Both are needed to answer "who could see what, when".
/// </summary>
public static class VisibilityTimeline
{
    /// <param name="events">The citizen's events, in any order.</param>
    /// <param name="cv">The CV in force (present from <paramref name="cvSince"/>), or null when there is no CV.</param>
    /// <param name="cvSince">When the CV arrived; before that there is nothing to see.</param>
    /// <param name="policy">The registry's jurisdiction.</param>
    /// <param name="until">The end of the window to describe.</param>
    public static IReadOnlyList<WorldInterval> Build(
        IReadOnlyList<CitizenEvent> events, CvInForce? cv, DateTimeOffset cvSince, IVisibilityPolicy policy, DateTimeOffset until)
    {
        var ordered = events.OrderBy(e => e.Time).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        // The decision can change at each event, when the CV arrives, and when an inactivity threshold is crossed.
        var points = new SortedSet<DateTimeOffset>(ordered.Select(e => e.Time).Where(t => t <= until)) { cvSince };
        foreach (var activity in ordered.Where(e => e.Facts.ContainsKey(CitizenFact.Activity)).Select(e => e.Time)
                     .Append(cv?.LastCitizenActivityAt ?? DateTimeOffset.MaxValue))
        {
            if (activity < until && activity + InactivitySchedule.NonSearchableAfter <= until)
            {
                points.Add(activity + InactivitySchedule.NonSearchableAfter);
            }
        }

        var intervals = new List<WorldInterval>();
        foreach (var at in points.Where(p => p <= until))
        {
            var known = ordered.TakeWhile(e => e.Time <= at);
            var present = cv is not null && at >= cvSince;
            var facts = FactLedger.Fold(known).ToCitizenFacts(present, cv?.Publication,
                cv?.LastCitizenActivityAt is { } last && last <= at ? last : null);
            var decision = policy.Decide(facts, at);
            if (intervals.Count > 0 && Same(intervals[^1].Decision, decision))
            {
                continue;
            }
            if (intervals.Count > 0)
            {
                intervals[^1] = intervals[^1] with { To = at };
            }
            intervals.Add(new WorldInterval(at, null, decision));
        }
        return intervals;
    }

    private static bool Same(VisibilityDecision a, VisibilityDecision b) =>
        a.Audience == b.Audience && a.Presentation == b.Presentation && a.Searchable == b.Searchable;
}
