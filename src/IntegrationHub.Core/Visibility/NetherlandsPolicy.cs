namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Netherlands (werk.nl). Every citizen may publish, anonymously or openly, whatever their work or benefit situation:
/// no benefit row exists, and benefit data is never part of what employers see. Consent decides.
/// </summary>
public sealed class NetherlandsPolicy : IVisibilityPolicy
{
    public static IReadOnlyList<VisibilityRule> Table { get; } =
    [
        .. SharedVisibilityRules.Consent,
        .. SharedVisibilityRules.ProtectedAddress,
    ];

    public string Jurisdiction => "NL";

    public IReadOnlyList<VisibilityRule> Rules => Table;

    public VisibilityDecision Decide(CitizenFacts facts, DateTimeOffset now) => SharedVisibilityRules.Decide(Table, facts, now);
}
