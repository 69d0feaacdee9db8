using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Access;

/// <summary>
/// POST /api/incidents/{incidentId}/lift: a person lifts a suspension with a reason; the incident's hold on erasure
/// ends with it (ADR 0022).
/// </summary>
public sealed class IncidentLifting(IIncidentStore incidents, ILegalHoldEnded holds, TimeProvider clock)
{
    public async Task<(IncidentLiftOutcome Outcome, IncidentSummary? Lifted)> LiftAsync(string incidentId, string reason, HubCaller caller, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return (IncidentLiftOutcome.NotFound, null);
        }
        if (incident.Status != IncidentStatus.Suspended)
        {
            return (IncidentLiftOutcome.AlreadyLifted, null);
        }
        var lifted = incident with
        {
            Status = IncidentStatus.Lifted,
            LiftedBy = caller.UserObjectId ?? caller.ClientId,
            LiftedAt = clock.GetUtcNow(),
            LiftReason = reason,
        };
        if (!await incidents.TryLiftAsync(lifted, cancellationToken))
        {
            return (IncidentLiftOutcome.ConcurrentChange, null);
        }
        await holds.HoldEndedAsync(cancellationToken);
        return (IncidentLiftOutcome.Lifted, IncidentSummary.From(lifted));
    }
}
