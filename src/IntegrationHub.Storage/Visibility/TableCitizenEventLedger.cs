using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Hub;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Visibility;

/// <summary>
/// The ledger in Table storage: partition "{registry}|{citizenId}", one row per event keyed by a hash of its source
/// and id (CloudEvents' identity), so a repeated event is refused by the insert itself.
/// </summary>
public sealed class TableCitizenEventLedger(HubStorage storage) : ICitizenEventLedger
{
    private TableClient Table => storage.Table(StorageNames.CitizenEventsTable);

    public async Task<bool> AppendAsync(CitizenEvent citizenEvent, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(citizenEvent.Registry, citizenEvent.CitizenId), EventKey(citizenEvent.Source, citizenEvent.Id))
        {
            ["Type"] = citizenEvent.Type,
            ["EventTime"] = citizenEvent.Time,
            ["Event"] = JsonSerializer.Serialize(citizenEvent, HubJson.Default.CitizenEvent),
        };
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<CitizenEvent>> ReadAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var events = new List<CitizenEvent>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(registry, citizenId)}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["Event"], cancellationToken: cancellationToken))
        {
            events.Add(JsonSerializer.Deserialize(entity.GetString("Event"), HubJson.Default.CitizenEvent)!);
        }
        return events;
    }

    public async Task EraseCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        await TableErasure.DeleteAsync(Table,
            await TableErasure.KeysAsync(Table, TableClient.CreateQueryFilter($"PartitionKey eq {Partition(registry, citizenId)}"), cancellationToken),
            cancellationToken);

    private static string Partition(string registry, string citizenId) => $"{registry}|{citizenId}";

    private static string EventKey(string source, string id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + id)))[..40];
}
