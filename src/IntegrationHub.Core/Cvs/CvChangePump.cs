using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Cvs;

/// <summary>
/// Moves the change signals that commits leave behind downstream: projects the facts they carry into the facts
/// table (in 100-entity batches), then sends them to the cv-changes queue, a page per message, holding back while
/// the queue's backlog is large.
/// </summary>
public sealed partial class CvChangePump(
    ICvChangeFeed feed,
    ICvFactsStore facts,
    IWorkQueue queue,
    IOptions<HubOptions> hub,
    IOptions<CvPipelineOptions> options,
    ILogger<CvChangePump> logger)
{
    /// <summary>Runs one round: the changes sent, and whether changes were left waiting (a full queue or page).</summary>
    public async Task<PollRound> PollAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var backlog = await queue.ApproximateCountAsync(CvsQueues.CvChanges, cancellationToken);
        var sent = 0;
        var workLeft = false;
        foreach (var registry in hub.Value.Registries.Keys)
        {
            while (true)
            {
                if (backlog >= settings.MaxBacklog)
                {
                    workLeft = true;
                    break;
                }
                var pending = await feed.ReadPendingAsync(registry, settings.PageSize, cancellationToken);
                if (pending.Count == 0)
                {
                    break;
                }
                // The signal always holds the CV's latest committed state and this pump is the only writer of the
                // projection (a timer runs on one instance), so the projection never goes back to an older version.
                await facts.UpsertAsync(registry, [.. pending.Select(p => p.Facts).OfType<CvFacts>()], cancellationToken);
                await facts.DeleteAsync(registry, [.. pending.Where(p => p.Operation == CvOperations.Deleted).Select(p => p.CvId)], cancellationToken);
                // One send span per page, linked to the requests whose commits it carries (issue 17).
                using var send = Telemetry.HubTelemetry.StartSend(CvsQueues.CvChanges, pending.Select(p => p.TraceParent), pending.Count);
                var page = new CvChangesPage
                {
                    TraceParent = Telemetry.HubTelemetry.CurrentTraceParent(),
                    MessageId = HubIds.NewMessageId(),
                    CorrelationId = HubIds.NewMessageId(),
                    Registry = registry,
                    Changes = [.. pending.Select(p => new CvChange(p.CvId, p.Version, p.Operation, p.CitizenId ?? p.Facts?.CitizenId))],
                };
                await queue.SendAsync(CvsQueues.CvChanges, JsonSerializer.SerializeToUtf8Bytes(page, CvsJson.Default.CvChangesPage), cancellationToken);
                await feed.AcknowledgeAsync(registry, pending, cancellationToken);
                backlog++;
                sent += pending.Count;
                if (pending.Count < settings.PageSize)
                {
                    break;
                }
            }
        }
        if (sent > 0)
        {
            LogSent(logger, sent, backlog);
        }
        return new PollRound(sent, workLeft);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} CV changes downstream; backlog now about {Backlog} messages")]
    private static partial void LogSent(ILogger logger, int count, int backlog);
}
