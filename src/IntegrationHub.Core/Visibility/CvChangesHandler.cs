using System.Collections.Concurrent;
using IntegrationHub.Core.Cvs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Visibility's reaction to Cvs's signal, the <c>cv-changes</c> queue (ADR 0027): for a page of committed CV changes it
/// decides the citizen's visibility again with the CV's current facts, erases the documents of deleted CVs and the
/// superseded documents of changed ones. Idempotent, and safe in any order: it works from the current facts and only
/// removes versions older than the change's.
/// </summary>
public sealed partial class CvChangesHandler(
    ICvStore store, ICvFactsStore facts, VisibilityService visibility, ILogger<CvChangesHandler> logger, IOptions<CvPipelineOptions>? options = null)
{
    /// <summary>Changes of one page concern different CVs, so they are handled a few at a time ("Hub:CvPipeline:HandlerParallelism").</summary>
    private readonly int _parallelism = options?.Value.HandlerParallelism ?? new CvPipelineOptions().HandlerParallelism;

    public async Task HandleAsync(CvChangesPage page, CancellationToken cancellationToken)
    {
        var erased = 0;
        var firstDecisions = new ConcurrentBag<FirstDecision>();
        try
        {
            await Parallel.ForEachAsync(page.Changes, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, async (change, ct) =>
            {
                if (await HandleAsync(page.Registry, change, firstDecisions, ct))
                {
                    Interlocked.Increment(ref erased);
                }
            });
        }
        finally
        {
            // After every insert of the page, one look for erasures beside its first decisions (ADR 0040; one range
            // query instead of a tombstone read per first decision). Also when a change of the page failed: the page
            // comes again, but the states inserted so far are then no first decisions, and nothing would look for them.
            await EraseAgainBesideAsync(page.Registry, firstDecisions, cancellationToken);
        }
        LogHandled(logger, page.MessageId, page.Changes.Count, erased);
    }

    /// <summary>
    /// The page's look for erasures beside its first decisions. An erasure run again took the citizen's CV and state; the
    /// pump may project the facts again, so they and anything decided from them go, as for an erased CV below.
    /// </summary>
    private async Task EraseAgainBesideAsync(string registry, ConcurrentBag<FirstDecision> firstDecisions, CancellationToken cancellationToken)
    {
        foreach (var beside in await visibility.EraseAgainIfBesideAsync(registry, firstDecisions, cancellationToken))
        {
            await facts.DeleteAsync(registry, [beside.CvId], cancellationToken);
            await visibility.ForgetCvAsync(registry, beside.CvId, cancellationToken);
        }
    }

    /// <summary>Handles one change; true when documents were erased.</summary>
    private async Task<bool> HandleAsync(string registry, CvChange change, ConcurrentBag<FirstDecision> firstDecisions, CancellationToken cancellationToken)
    {
        if (change.Operation == CvOperations.Deleted)
        {
            if (change.CitizenId is not null)
            {
                await visibility.DecideCvDeletionAsync(registry, change.CitizenId, change.CvId, cancellationToken);
            }
            // The CV is gone for good (a new CV under its external id draws a new id): what was derived from it goes as
            // for an erased CV, whether or not the decision named it. A CV another one replaced is named by no decision
            // by now, so this is the one moment its search manifest row is recorded for its retention (ADR 0045,
            // "Replaced CVs deleted later"). The signal comes again until the page is handled, so a crash repeats it.
            await visibility.ForgetCvAsync(registry, change.CvId, cancellationToken);
            await store.EraseDocumentsAsync(change.CvId, olderThanVersion: null, cancellationToken);
            return true;
        }
        // The decision reads the CV (is it still there?) after the citizen's state, and takes the facts from the same row
        // (ADR 0044, 0051): nothing is read here first. A page from before the pages named the citizen reads the facts.
        if ((change.CitizenId ?? (await facts.GetAsync(registry, change.CvId, cancellationToken))?.CitizenId) is { } citizenId
            && !await visibility.DecideCvChangeAsync(registry, citizenId, change.CvId, firstDecisions, firstVersion: change.Version == 1, cancellationToken))
        {
            // The CV was erased while this page was on its way (the pump may have projected its facts after the
            // erasure removed them): remove them again, and any search rows or board listing a decision wrote from
            // them, and decide nothing, or the erased citizen would come back.
            await facts.DeleteAsync(registry, [change.CvId], cancellationToken);
            await visibility.ForgetCvAsync(registry, change.CvId, cancellationToken);
            return false;
        }
        if (change.Version > 1)
        {
            await store.EraseDocumentsAsync(change.CvId, olderThanVersion: change.Version, cancellationToken);
            return true;
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CV changes page {MessageId}: {Count} changes, documents erased for {Erased}")]
    private static partial void LogHandled(ILogger logger, string messageId, int count, int erased);
}
