using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Cvs;

/// <summary>CV facts in Table storage: partition = registry, row = CV id, written in 100-entity batches.</summary>
public sealed class TableCvFactsStore(HubStorage storage) : ICvFactsStore
{
    private TableClient Table => storage.Table(CvsTables.CvFactsTable);

    public async Task UpsertAsync(string registry, IReadOnlyList<CvFacts> facts, CancellationToken cancellationToken)
    {
        foreach (var chunk in facts.DistinctBy(f => f.CvId).Chunk(100))
        {
            await Table.SubmitTransactionAsync(
                chunk.Select(f => new TableTransactionAction(TableTransactionActionType.UpsertReplace, CvFactsEntity.Write(new TableEntity(registry, f.CvId), f))),
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
        return response.HasValue ? CvFactsEntity.Read(response.Value!, registry, cvId) : null;
    }
}
