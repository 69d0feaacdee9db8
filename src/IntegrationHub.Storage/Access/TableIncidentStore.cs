using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.Storage.Access;

/// <summary>
/// Table "Incidents", one partition: incident rows ("incident|{id}"), the suspension in force per party
/// ("suspended|{party}") and the security alerts' outbox rows, so suspending, recording and alerting commit together.
/// </summary>
public sealed class TableIncidentStore(HubStorage storage) : IIncidentStore, IOutboxSource
{
    public const string Partition = "incidents";

    private TableClient Client => storage.Table(AccessTables.IncidentsTable);

    string IOutboxSource.Table => AccessTables.IncidentsTable;

    IEnumerable<string> IOutboxSource.Partitions() => [Partition];

    public async Task<string?> SuspensionOfAsync(string party, CancellationToken cancellationToken)
    {
        var row = await Client.GetEntityIfExistsAsync<TableEntity>(Partition, "suspended|" + party, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("IncidentId") : null;
    }

    public async Task<string> SuspendAsync(Incident incident, OutboundEvent alert, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Add, IncidentRow(incident)),
            new(TableTransactionActionType.Add, new TableEntity(Partition, "suspended|" + incident.Party) { ["IncidentId"] = incident.Id }),
            OutboxRows.Add(Partition, "security", incident.DetectedAt.UtcTicks, 0, alert),
        ];
        try
        {
            await Client.SubmitTransactionAsync(actions, cancellationToken);
            storage.Signals.Outbox.Signal();
            return incident.Id;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return await SuspensionOfAsync(incident.Party, cancellationToken)
                ?? throw new InvalidOperationException("The suspension could not be recorded; retry.", e);
        }
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken)
    {
        var incidents = new List<Incident>();
        await foreach (var row in Client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {"incident|"} and RowKey lt {"incident}"}"),
            cancellationToken: cancellationToken))
        {
            incidents.Add(Read(row));
        }
        return [.. incidents.OrderByDescending(i => i.DetectedAt)];
    }

    public async Task<Incident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var row = await Client.GetEntityIfExistsAsync<TableEntity>(Partition, "incident|" + id, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<bool> TryLiftAsync(Incident lifted, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, IncidentRow(lifted), new ETag(lifted.ETag!))];
        if (await SuspensionOfAsync(lifted.Party, cancellationToken) == lifted.Id)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, "suspended|" + lifted.Party), ETag.All));
        }
        try
        {
            await Client.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    private static TableEntity IncidentRow(Incident incident) => new(Partition, "incident|" + incident.Id)
    {
        ["Incident"] = JsonSerializer.Serialize(incident with { ETag = null }, AccessJson.Default.Incident),
    };

    private static Incident Read(TableEntity row) =>
        JsonSerializer.Deserialize(row.GetString("Incident"), AccessJson.Default.Incident)! with { ETag = row.ETag.ToString() };
}
