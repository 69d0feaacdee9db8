using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Hub;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Visibility;

/// <summary>The decision in force per citizen: table "Visibility", partition = registry, row = citizen id, ETag-guarded.</summary>
public sealed class TableVisibilityStateStore(HubStorage storage) : IVisibilityStateStore
{
    private TableClient Table => storage.Table(StorageNames.VisibilityTable);

    public async Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(registry, citizenId, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }
        var entity = response.Value!;
        return JsonSerializer.Deserialize(entity.GetString("State"), HubJson.Default.VisibilityState)! with { ETag = entity.ETag.ToString() };
    }

    public async Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(state.Registry, state.CitizenId)
        {
            ["State"] = JsonSerializer.Serialize(state with { ETag = null }, HubJson.Default.VisibilityState),
            ["Audience"] = state.Decision.Audience.ToString(),
            ["Searchable"] = state.Decision.Searchable,
            ["CvId"] = state.Cv?.CvId,
        };
        try
        {
            if (previous is null)
            {
                await Table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await Table.UpdateEntityAsync(entity, new ETag(previous.ETag!), TableUpdateMode.Replace, cancellationToken);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
