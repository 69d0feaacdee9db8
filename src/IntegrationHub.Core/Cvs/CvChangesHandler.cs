using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.Cvs;

/// <summary>
/// Downstream work for a page of committed CV changes: erases the documents of deleted CVs and the superseded
/// documents of changed ones. Idempotent, and safe in any order: it only removes versions older than the change's.
/// Later stages (visibility) hook in here.
/// </summary>
public sealed partial class CvChangesHandler(ICvStore store, ILogger<CvChangesHandler> logger)
{
    public async Task HandleAsync(CvChangesPage page, CancellationToken cancellationToken)
    {
        var erased = 0;
        foreach (var change in page.Changes)
        {
            if (change.Operation == CvOperations.Deleted)
            {
                await store.EraseDocumentsAsync(change.CvId, olderThanVersion: null, cancellationToken);
                erased++;
            }
            else if (change.Version > 1)
            {
                await store.EraseDocumentsAsync(change.CvId, olderThanVersion: change.Version, cancellationToken);
                erased++;
            }
        }
        LogHandled(logger, page.MessageId, page.Changes.Count, erased);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CV changes page {MessageId}: {Count} changes, documents erased for {Erased}")]
    private static partial void LogHandled(ILogger logger, string messageId, int count, int erased);
}
