using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Hub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Cvs;

/// <summary>
/// Moves the change signals that commits leave behind into the cv-changes queue, a page per message,
/// and holds back while the queue's backlog is large.
/// </summary>
public sealed partial class CvChangePump(
    ICvChangeFeed feed,
    IWorkQueue queue,
    IOptions<HubOptions> hub,
    IOptions<CvPipelineOptions> options,
    ILogger<CvChangePump> logger)
{
    /// <summary>Runs one round; returns the number of changes sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var backlog = await queue.ApproximateCountAsync(HubQueues.CvChanges, cancellationToken);
        var sent = 0;
        foreach (var registry in hub.Value.Registries.Keys)
        {
            while (backlog < settings.MaxBacklog)
            {
                var pending = await feed.ReadPendingAsync(registry, settings.PageSize, cancellationToken);
                if (pending.Count == 0)
                {
                    break;
                }
                var page = new CvChangesPage
                {
                    MessageId = HubIds.NewMessageId(),
                    CorrelationId = HubIds.NewMessageId(),
                    Registry = registry,
                    Changes = [.. pending.Select(p => new CvChange(p.CvId, p.Version, p.Operation))],
                };
                await queue.SendAsync(HubQueues.CvChanges, JsonSerializer.SerializeToUtf8Bytes(page, HubJson.Default.CvChangesPage), cancellationToken);
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
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} CV changes downstream; backlog now about {Backlog} messages")]
    private static partial void LogSent(ILogger logger, int count, int backlog);
}
