using IntegrationHub.Core.Access;
using IntegrationHub.Core.Outbox;

namespace IntegrationHub.Storage.Audit;

/// <summary>
/// The incident store, each incident recorded and each lift also appended to the audit trail, after the store has
/// committed it (an incident the store did not record, because another request suspended the party first, is not).
/// </summary>
public sealed class AuditedIncidentStore(IIncidentStore inner, AuditTrail trail) : IIncidentStore
{
    public Task<string?> SuspensionOfAsync(string party, CancellationToken cancellationToken) => inner.SuspensionOfAsync(party, cancellationToken);

    public async Task<string> SuspendAsync(Incident incident, OutboundEvent alert, CancellationToken cancellationToken)
    {
        var id = await inner.SuspendAsync(incident, alert, cancellationToken);
        if (id == incident.Id)
        {
            await trail.AppendAsync(AuditTrail.IncidentKind, incident, cancellationToken);
        }
        return id;
    }

    public Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async Task<bool> TryLiftAsync(Incident lifted, CancellationToken cancellationToken)
    {
        var done = await inner.TryLiftAsync(lifted, cancellationToken);
        if (done)
        {
            await trail.AppendAsync(AuditTrail.IncidentKind, lifted, cancellationToken);
        }
        return done;
    }
}
