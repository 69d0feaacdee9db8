using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Visibility;

/// <summary>
/// The ledger in Table storage: partition "{registry}|{citizenId}", one row per event keyed by a hash of its source
/// and id (CloudEvents' identity), so a repeated event is refused by the insert itself. Its index of requests in flight
/// (ADR 0047): partition "~inflight|{registry}" ('~' is no registry id's), row = citizen id, column Since; a row lives
/// while a request records and decides, so the range holds only requests under way and those that died.
/// </summary>
public sealed class TableCitizenEventLedger(HubStorage storage, TimeProvider? clock = null) : ICitizenEventLedger, IEventsInFlight
{
    private TableClient Table => storage.Table(VisibilityTables.CitizenEventsTable);

    public async Task<bool> AppendAsync(CitizenEvent citizenEvent, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(citizenEvent.Registry, citizenEvent.CitizenId), EventKey(citizenEvent.Source, citizenEvent.Id))
        {
            ["Type"] = citizenEvent.Type,
            ["EventTime"] = citizenEvent.Time,
            ["Event"] = JsonSerializer.Serialize(citizenEvent, VisibilityJson.Default.CitizenEvent),
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
            events.Add(JsonSerializer.Deserialize(entity.GetString("Event"), VisibilityJson.Default.CitizenEvent)!);
        }
        return events;
    }

    public async Task EraseCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        await TableErasure.DeleteAsync(Table,
            await TableErasure.KeysAsync(Table, TableClient.CreateQueryFilter($"PartitionKey eq {Partition(registry, citizenId)}"), cancellationToken),
            cancellationToken);
        // A mark names the citizen too; an erased citizen has nothing left to repair.
        await ClearAsync(registry, citizenId, ETag.All.ToString(), cancellationToken);
    }

    public async Task<string> MarkAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var response = await Table.UpsertEntityAsync(
            new TableEntity(InFlightPartition(registry), citizenId) { ["Since"] = (clock ?? TimeProvider.System).GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service answered an upsert without an ETag.");
    }

    public async Task ClearAsync(string registry, string citizenId, string version, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(InFlightPartition(registry), citizenId, new ETag(version), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone (cleared by the repair, or erased), or marked again by a newer request, which clears its own.
        }
    }

    public async Task<IReadOnlyList<EventsInFlight>> LeftBeforeAsync(string registry, DateTimeOffset before, int take, CancellationToken cancellationToken)
    {
        var marks = new List<EventsInFlight>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {InFlightPartition(registry)} and Since lt {before}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: take, select: ["RowKey", "Since"], cancellationToken: cancellationToken))
        {
            marks.Add(new EventsInFlight(registry, row.RowKey, row.GetDateTimeOffset("Since")!.Value, row.ETag.ToString()));
            if (marks.Count == take)
            {
                break;
            }
        }
        return marks;
    }

    /// <summary>
    /// Retention: deletes the citizen's events in 100-row transactions, at most <paramref name="maxBatches"/>; answers the
    /// rows deleted, the batches used, and whether the ledger is now empty.
    /// </summary>
    public async Task<(long Rows, int Batches, bool Done)> PurgeCitizenAsync(string registry, string citizenId, int maxBatches, CancellationToken cancellationToken)
    {
        var partition = Partition(registry, citizenId);
        var (rows, batches) = await BatchDelete.DeleteMatchingAsync(Table, partition, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxBatches, cancellationToken);
        // DeleteMatchingAsync stops early only when it found fewer than a full batch: then nothing is left.
        return (rows, batches, batches < maxBatches || rows % BatchDelete.MaxBatch != 0);
    }

    private static string Partition(string registry, string citizenId) => $"{registry}|{citizenId}";

    private static string InFlightPartition(string registry) => "~inflight|" + registry;

    private static string EventKey(string source, string id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + id)))[..40];
}
