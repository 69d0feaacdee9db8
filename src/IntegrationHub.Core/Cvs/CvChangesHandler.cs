using IntegrationHub.Core.Visibility;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.Cvs;

/// <summary>
/// Downstream work for a page of committed CV changes: decides the citizen's visibility again with the CV's current
/// facts, erases the documents of deleted CVs and the superseded documents of changed ones. Idempotent, and safe in
/// any order: it works from the current facts and only removes versions older than the change's.
/// </summary>
public sealed partial class CvChangesHandler(ICvStore store, ICvFactsStore facts, VisibilityService visibility, ILogger<CvChangesHandler> logger)
{
    public async Task HandleAsync(CvChangesPage page, CancellationToken cancellationToken)
    {
        var erased = 0;
        foreach (var change in page.Changes)
        {
            if (change.Operation == CvOperations.Deleted)
            {
                if (change.CitizenId is not null)
                {
                    await visibility.RecomputeAsync(page.Registry, change.CitizenId, (true, null), cancellationToken);
                }
                await store.EraseDocumentsAsync(change.CvId, olderThanVersion: null, cancellationToken);
                erased++;
                continue;
            }
            if (await facts.GetAsync(page.Registry, change.CvId, cancellationToken) is { } current)
            {
                await visibility.RecomputeAsync(page.Registry, current.CitizenId, (true, VisibilityService.SideOf(current)), cancellationToken);
            }
            if (change.Version > 1)
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
