using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>Decides who may see a CV in one jurisdiction, by its rule table. Pure: no I/O, the clock is a parameter.</summary>
public interface IVisibilityPolicy
{
    /// <summary>ISO 3166-1 alpha-2 code, e.g. "NO".</summary>
    string Jurisdiction { get; }

    /// <summary>The jurisdiction's rule table, rows in order (docs/visibility-rules.md).</summary>
    IReadOnlyList<VisibilityRule> Rules { get; }

    /// <summary>The table evaluated by the one evaluator, <see cref="SharedVisibilityRules.Decide"/>.</summary>
    VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now);

    /// <summary>The facts the rows read: the only ones this jurisdiction needs, and the ones a status snapshot must state.</summary>
    IReadOnlySet<CitizenFact> Facts => Rules.SelectMany(r => r.Reads).ToHashSet();

    /// <summary>The jurisdiction's inactivity timetable applies (<see cref="InactivitySchedule"/>, swept by <see cref="InactivitySweep"/>).</summary>
    bool FollowsInactivitySchedule => false;
}
