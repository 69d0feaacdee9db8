using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.JobAds;

/// <summary>
/// Moves the delivery signals that intake, withdrawal and delivery leave in the store to the boards' queues, a page
/// per message, one queue per board, holding back while a board's queue has a backlog (so a slow or down board
/// never delays the others, and Azurite's queues stay small).
/// </summary>
public sealed partial class JobAdDeliveryPump(
    IJobAdStore store,
    IWorkQueue queue,
    IOptions<HubOptions> hub,
    IOptions<JobAdOptions> options,
    ILogger<JobAdDeliveryPump> logger)
{
    /// <summary>The clients whose partitions can hold ads: the systems (recruitment systems are bound as System).</summary>
    public static IEnumerable<string> Clients(HubOptions hub) =>
        hub.Clients.Where(c => c.Kind == PartyKind.System && c.Id.Length > 0).Select(c => c.Id).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// One tick: the deliveries sent, and whether work is left (a board's queue still holds pages, whose answers can
    /// leave new signals, or a full page was sent).
    /// </summary>
    public async Task<PollRound> PollAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var sent = 0;
        var workLeft = false;
        foreach (var board in BoardIds.Pushed)
        {
            var queueName = JobAdsQueues.JobAdsFor(board);
            var backlog = await queue.ApproximateCountAsync(queueName, cancellationToken);
            workLeft |= backlog > 0;
            foreach (var client in Clients(hub.Value))
            {
                while (backlog < settings.MaxBacklog)
                {
                    var pending = await store.ReadPendingAsync(client, board, settings.PageSize, cancellationToken);
                    if (pending.Count == 0)
                    {
                        break;
                    }
                    using var send = Telemetry.HubTelemetry.StartSend(queueName, [], pending.Count);
                    var page = new JobAdDeliveryPage
                    {
                        TraceParent = Telemetry.HubTelemetry.CurrentTraceParent(),
                        MessageId = HubIds.NewMessageId(),
                        CorrelationId = HubIds.NewMessageId(),
                        Client = client,
                        Board = board,
                        AdIds = [.. pending.Select(p => p.AdId)],
                    };
                    await queue.SendAsync(queueName, JsonSerializer.SerializeToUtf8Bytes(page, JobAdsJson.Default.JobAdDeliveryPage), cancellationToken);
                    await store.AcknowledgeAsync(client, board, pending, cancellationToken);
                    backlog++;
                    sent += pending.Count;
                    if (pending.Count < settings.PageSize)
                    {
                        break;
                    }
                    workLeft = true;
                }
            }
        }
        if (sent > 0)
        {
            LogSent(logger, sent);
        }
        return new PollRound(sent, workLeft);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Count} job-ad deliveries to the board queues")]
    private static partial void LogSent(ILogger logger, int count);
}
