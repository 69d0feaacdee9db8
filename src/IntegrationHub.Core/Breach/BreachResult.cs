using IntegrationHub.Core.Callers;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.Breach;

/// <summary>An action's outcome, the campaign as it now is, and for a refusal by rule the fields that break it.</summary>
public sealed record BreachResult(BreachOutcome Outcome, BreachCampaign? Campaign = null, IReadOnlyList<Kernel.FieldError>? Errors = null);
