using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// One row of a jurisdiction's rule table: when <see cref="When"/> holds, <see cref="Effect"/> applies with
/// <see cref="Reason"/>. Rows are data; <see cref="SharedVisibilityRules.Decide"/> is the one evaluator. A rule change is
/// a row change, with its test and its line in docs/visibility-rules.md.
/// </summary>
/// <param name="Id">Stable name of the row (docs/visibility-rules.md lists each by it).</param>
/// <param name="Reads">The facts the condition reads: a jurisdiction needs, and a snapshot must state, only these.</param>
/// <param name="When">The condition, over the facts and the decision time.</param>
/// <param name="Reason">The reason code it gives (see <see cref="VisibilityReasons"/>); for a permit, the basis' name.</param>
/// <param name="Source">The owner's published material the row comes from (a URL), or "assumed: ...".</param>
public sealed record VisibilityRule(
    string Id,
    IReadOnlyList<CitizenFact> Reads,
    Func<CitizenFacts, DateTimeOffset, bool> When,
    RuleEffect Effect,
    string Reason,
    string Source,
    LegalBasis Basis = LegalBasis.None);
