using IntegrationHub.Core.Callers;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.Breach;

public sealed record BreachResult(BreachOutcome Outcome, BreachCampaign? Campaign = null);
