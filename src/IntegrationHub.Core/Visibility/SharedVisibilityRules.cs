using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The rows every jurisdiction's table holds (consent, protected address), and the one evaluator of a table. Nothing
/// here is a rule of its own: a jurisdiction's rules are the rows of its table (<see cref="VisibilityPolicies"/>).
/// </summary>
public static class SharedVisibilityRules
{
    /// <summary>Consent to employers: GDPR art. 6(1)(a). Unknown consent is missing consent (opt-in).</summary>
    public static IReadOnlyList<VisibilityRule> Consent { get; } =
    [
        new("consent", [CitizenFact.ConsentToEmployers], (f, _) => f.ConsentToEmployers == true,
            RuleEffect.Permit, "consent", VisibilitySources.GdprArticle6, LegalBasis.Consent),
        new("consent-missing", [CitizenFact.ConsentToEmployers], (f, _) => f.ConsentToEmployers is null,
            RuleEffect.NoBasis, VisibilityReasons.ConsentMissing, VisibilitySources.GdprArticle6),
        new("consent-withdrawn", [CitizenFact.ConsentToEmployers], (f, _) => f.ConsentToEmployers == false,
            RuleEffect.NoBasis, VisibilityReasons.ConsentWithdrawn, VisibilitySources.GdprArticle6),
    ];

    /// <summary>Protected address, everywhere: caseworkers with clearance only; unknown hides from employers.</summary>
    public static IReadOnlyList<VisibilityRule> ProtectedAddress { get; } =
    [
        new("protected-address", [CitizenFact.ProtectedAddress], (f, _) => f.ProtectedAddress == true,
            RuleEffect.Clearance, VisibilityReasons.ProtectedAddress, VisibilitySources.Nav2021 + "; in DK and NL assumed alike"),
        new("protected-address-unknown", [CitizenFact.ProtectedAddress], (f, _) => f.ProtectedAddress is null,
            RuleEffect.Hide, VisibilityReasons.FactsUnknown(UnknownFactNames.ProtectedAddress), VisibilitySources.UnknownHides),
    ];

    /// <summary>
    /// Evaluates a rule table. Employers see the CV when a row permits it and none hides it; the first permitting row
    /// names the legal basis. The reasons are every hiding row's, in table order, and the no-basis rows' when nothing
    /// permits.
    /// </summary>
    public static VisibilityDecision Decide(IReadOnlyList<VisibilityRule> rules, CitizenFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(facts);
        var presentation = PresentationOf(facts.Publication);
        if (!facts.CvPresent)
        {
            return new VisibilityDecision
            {
                Audience = Audience.Nobody,
                Presentation = presentation,
                Searchable = false,
                Reasons = [VisibilityReasons.NoCv],
            };
        }

        var basis = LegalBasis.None;
        var hidden = false;
        var clearance = false;
        var fired = new List<VisibilityRule>(4);
        foreach (var rule in rules)
        {
            if (!rule.When(facts, now))
            {
                continue;
            }
            fired.Add(rule);
            switch (rule.Effect)
            {
                case RuleEffect.Permit when basis == LegalBasis.None:
                    basis = rule.Basis;
                    break;
                case RuleEffect.Hide:
                    hidden = true;
                    break;
                case RuleEffect.Clearance:
                    hidden = clearance = true;
                    break;
                default:
                    break;
            }
        }

        var employers = !hidden && basis != LegalBasis.None;
        List<string> reasons = employers ? [VisibilityReasons.Visible]
            : [.. fired.Where(r => r.Effect is RuleEffect.Hide or RuleEffect.Clearance || (r.Effect == RuleEffect.NoBasis && basis == LegalBasis.None))
                .Select(r => r.Reason).Distinct(StringComparer.Ordinal)];
        if (reasons.Count == 0)
        {
            reasons.Add(VisibilityReasons.NoLegalBasis);
        }
        return new VisibilityDecision
        {
            Audience = clearance ? Audience.CaseworkersWithClearance : employers ? Audience.Employers : Audience.Caseworkers,
            Presentation = presentation,
            // Contact details are no condition: no owner's rule makes them one (docs/visibility-rules.md).
            Searchable = employers,
            Reasons = reasons,
            LegalBasis = employers ? basis : LegalBasis.None,
        };
    }

    /// <summary>Presentation from the citizen's choice; anonymous unless "open" is known.</summary>
    internal static Presentation PresentationOf(string? publication) =>
        string.Equals(publication, "open", StringComparison.OrdinalIgnoreCase) ? Presentation.Open : Presentation.Anonymous;
}
