using IntegrationHub.Core.Callers;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.Breach;

public enum BreachOutcome
{
    Ok,
    NotFound,

    /// <summary>The move is not legal from the campaign's state (409).</summary>
    IllegalTransition,

    /// <summary>Approve needs a dry run first (409).</summary>
    DryRunRequired,

    /// <summary>An app-only token cannot approve or start (403).</summary>
    UserRequired,

    /// <summary>The same person approved and tries to start (403).</summary>
    TwoPersonRule,

    /// <summary>Someone else changed the campaign meanwhile (409).</summary>
    ConcurrentChange,

    /// <summary>
    /// Approval refused: a letter or the campaign's text lacks what GDPR art. 34(2) asks, or a registry of the audience
    /// has no DPO contact (409 <c>gdpr-art34-content</c>, the fields in <see cref="BreachResult.Errors"/>).
    /// </summary>
    LetterContentIncomplete,
}
