using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.Cvs;

/// <summary>
/// Downstream work for a page of committed CV changes: keeps the facts projection current, erases the documents
/// of deleted CVs and the superseded documents of changed ones. Idempotent: it always works from the current state.
/// </summary>
public sealed partial class CvChangesHandler(ICvStore store, ICvFactsStore facts, ILogger<CvChangesHandler> logger)
{
    public async Task HandleAsync(CvChangesPage page, CancellationToken cancellationToken)
    {
        var upserts = new List<CvFacts>();
        var removed = new List<string>();
        foreach (var change in page.Changes)
        {
            var current = await store.GetAsync(page.Registry, change.CvId, cancellationToken);
            if (current is null)
            {
                removed.Add(change.CvId);
                await store.EraseDocumentsAsync(change.CvId, olderThanVersion: null, cancellationToken);
                continue;
            }
            var document = await store.ReadDocumentAsync(current, cancellationToken);
            using var json = JsonDocument.Parse(document);
            upserts.Add(CvFactsBuilder.Build(current, json.RootElement));
            if (current.Version > 1)
            {
                await store.EraseDocumentsAsync(current.CvId, olderThanVersion: current.Version, cancellationToken);
            }
        }
        await facts.UpsertAsync(page.Registry, upserts, cancellationToken);
        await facts.DeleteAsync(page.Registry, removed, cancellationToken);
        LogHandled(logger, page.MessageId, upserts.Count, removed.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CV changes page {MessageId}: {Upserted} projected, {Removed} erased")]
    private static partial void LogHandled(ILogger logger, string messageId, int upserted, int removed);
}
