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

    /// <summary>
    /// One transaction per 100 rows (issue 18: it was a request per row). A transaction fails whole when one of its rows is
    /// missing (deleted already: a page handled twice), and then its rows are deleted one by one, as before, where a
    /// missing row is no error.
    /// </summary>
    public async Task DeleteAsync(string registry, IReadOnlyList<string> cvIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in cvIds.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            if (chunk.Length > 1)
            {
                try
                {
                    await Table.SubmitTransactionAsync(
                        chunk.Select(id => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(registry, id), ETag.All)), cancellationToken);
                    continue;
                }
                catch (TableTransactionFailedException e) when (e.Status == 404)
                {
                    // One of them is gone already: the rest one by one.
                }
            }
            foreach (var cvId in chunk)
            {
                await Table.DeleteEntityAsync(registry, cvId, ETag.All, cancellationToken);
            }
        }
    }

    public async Task<CvFacts?> GetAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(registry, cvId, cancellationToken: cancellationToken);
        return response.HasValue ? CvFactsEntity.Read(response.Value!, registry, cvId) : null;
    }
}
