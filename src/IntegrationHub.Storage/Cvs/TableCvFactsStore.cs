using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Cvs;

/// <summary>CV facts in Table storage: partition = registry, row = CV id, written in 100-entity batches.</summary>
public sealed class TableCvFactsStore(HubStorage storage) : ICvFactsStore
{
    private const char Separator = '\u001f';

    private TableClient Table => storage.Table(StorageNames.CvFactsTable);

    public async Task UpsertAsync(string registry, IReadOnlyList<CvFacts> facts, CancellationToken cancellationToken)
    {
        foreach (var chunk in facts.DistinctBy(f => f.CvId).Chunk(100))
        {
            await Table.SubmitTransactionAsync(
                chunk.Select(f => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(f))),
                cancellationToken);
        }
    }

    public async Task DeleteAsync(string registry, IReadOnlyList<string> cvIds, CancellationToken cancellationToken)
    {
        foreach (var cvId in cvIds)
        {
            await Table.DeleteEntityAsync(registry, cvId, ETag.All, cancellationToken);
        }
    }

    public async Task<CvFacts?> GetAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(registry, cvId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    private static TableEntity ToEntity(CvFacts f) => new(f.Registry, f.CvId)
    {
        ["CitizenId"] = f.CitizenId,
        ["Version"] = f.Version,
        ["Publication"] = f.Publication,
        ["OccupationCodes"] = Join(f.OccupationCodes),
        ["Places"] = Join(f.Places),
        ["Languages"] = Join(f.Languages),
        ["Skills"] = Join(f.Skills),
        ["HasEmailOrPhone"] = f.HasEmailOrPhone,
        ["HasSpecialNeeds"] = f.HasSpecialNeeds,
        ["LastCitizenActivityAt"] = f.LastCitizenActivityAt,
    };

    private static CvFacts FromEntity(TableEntity e) => new()
    {
        Registry = e.PartitionKey,
        CvId = e.RowKey,
        CitizenId = e.GetString("CitizenId"),
        Version = e.GetInt32("Version") ?? 0,
        Publication = e.GetString("Publication"),
        OccupationCodes = Split(e.GetString("OccupationCodes")),
        Places = Split(e.GetString("Places")),
        Languages = Split(e.GetString("Languages")),
        Skills = Split(e.GetString("Skills")),
        HasEmailOrPhone = e.GetBoolean("HasEmailOrPhone") ?? false,
        HasSpecialNeeds = e.GetBoolean("HasSpecialNeeds") ?? false,
        LastCitizenActivityAt = e.GetDateTimeOffset("LastCitizenActivityAt"),
    };

    private static string Join(IReadOnlyList<string> values) => string.Join(Separator, values);

    private static string[] Split(string? value) => string.IsNullOrEmpty(value) ? [] : value.Split(Separator);
}
