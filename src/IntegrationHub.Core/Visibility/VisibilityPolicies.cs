namespace IntegrationHub.Core.Visibility;

/// <summary>Decides who may see a CV in one jurisdiction. Pure: no I/O, the clock is a parameter.</summary>
public interface IVisibilityPolicy
{
    /// <summary>ISO 3166-1 alpha-2 code, e.g. "NO".</summary>
    string Jurisdiction { get; }

    VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now);

    /// <summary>The jurisdiction's inactivity timetable applies (<see cref="InactivitySchedule"/>, swept by <see cref="InactivitySweep"/>).</summary>
    bool FollowsInactivitySchedule => false;
}

/// <summary>The policy of each supported jurisdiction.</summary>
public static class VisibilityPolicies
{
    private static readonly Dictionary<string, IVisibilityPolicy> ByJurisdiction =
        new IVisibilityPolicy[] { new NorwayPolicy(), new DenmarkPolicy(), new NetherlandsPolicy() }
            .ToDictionary(p => p.Jurisdiction, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> Jurisdictions => ByJurisdiction.Keys;

    /// <summary>The policy for a jurisdiction code (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The jurisdiction is not supported.</exception>
    public static IVisibilityPolicy For(string jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(jurisdiction);
        return ByJurisdiction.TryGetValue(jurisdiction, out var policy)
            ? policy
            : throw new ArgumentException(
                $"No visibility policy for jurisdiction '{jurisdiction}'; supported: {string.Join(", ", ByJurisdiction.Keys)}.",
                nameof(jurisdiction));
    }
}

/// <summary>
/// Norway (NAV). The work-oriented-benefit rule is absolute: while the benefit or follow-up lasts the CV is
/// never shown to employers, whatever the citizen consents to (NAV closed that access on 17 February 2021).
/// There is deliberately no opt-in fact that could override it.
/// </summary>
public sealed class NorwayPolicy : IVisibilityPolicy
{
    public string Jurisdiction => "NO";

    public VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now) =>
        SharedVisibilityRules.Decide(facts, jurisdictionBlockers: []);
}

/// <summary>
/// Denmark (Jobnet). On top of the shared rules: a CV without citizen activity for 12 weeks is neither
/// searchable nor shown to employers (see <see cref="InactivitySchedule"/>); unknown last activity hides it.
/// </summary>
public sealed class DenmarkPolicy : IVisibilityPolicy
{
    public string Jurisdiction => "DK";

    public bool FollowsInactivitySchedule => true;

    public VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        string[] blockers = facts.LastCitizenActivityAt switch
        {
            null => [VisibilityReasons.FactsUnknown(VisibilityFacts.LastCitizenActivity)],
            var last when InactivitySchedule.IsInactive(last.Value, now) => [VisibilityReasons.Inactive12Weeks],
            _ => [],
        };
        return SharedVisibilityRules.Decide(facts, blockers);
    }
}

/// <summary>
/// Netherlands (werk.nl). The citizen publishes anonymously or openly; both are findable by employers.
/// Only the shared rules apply.
/// </summary>
public sealed class NetherlandsPolicy : IVisibilityPolicy
{
    public string Jurisdiction => "NL";

    public VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now) =>
        SharedVisibilityRules.Decide(facts, jurisdictionBlockers: []);
}
