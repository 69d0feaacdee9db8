using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Outbox;

/// <summary>
/// Publishes outbox rows to the configured sink, oldest first per order key, and deletes each row once the sink has
/// taken its event. A sink outage stops the pass and leaves the rows for the next one; a row published but not yet
/// deleted (a crash in between) is published again with the same event id, which the sink treats as a duplicate.
/// Runs as a singleton (a timer trigger), so one relay works a partition at a time.
/// </summary>
public sealed partial class OutboxRelay(
    HubStorage storage,
    IEnumerable<IOutboxSource> sources,
    IOutboundEventSink sink,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay> logger) : IOutboxRelay
{
    /// <summary>How long one pass may keep going while there is work.</summary>
    public static readonly TimeSpan PassBudget = TimeSpan.FromSeconds(20);

    /// <summary>Relays what is waiting; answers the number of events published.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var published = 0;
        foreach (var source in sources)
        {
            var table = storage.Table(source.Table);
            foreach (var partition in source.Partitions())
            {
                while (started.Elapsed < PassBudget)
                {
                    var rows = await ReadPageAsync(table, partition, cancellationToken);
                    if (rows.Count == 0)
                    {
                        break;
                    }
                    int taken;
                    var events = rows.ConvertAll(OutboxRows.Read);
                    // One span per page published, linked to the spans that wrote its events (issue 17).
                    using var span = Core.Telemetry.HubTelemetry.StartSend("outbox", events.Select(e => e.TraceParent), events.Count);
                    try
                    {
                        taken = await sink.PublishAsync(events, cancellationToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogSinkUnavailable(logger, e, rows.Count);
                        return published;
                    }
                    var now = DateTimeOffset.UtcNow;
                    foreach (var row in rows.GetRange(0, taken))
                    {
                        Core.Telemetry.HubMetrics.OutboxPublished(now - (row.Timestamp ?? now));
                    }
                    await DeleteAsync(table, rows.GetRange(0, taken), cancellationToken);
                    published += taken;
                    if (taken < rows.Count)
                    {
                        LogSinkPartial(logger, taken, rows.Count);
                        return published;
                    }
                    if (rows.Count < options.Value.PageSize)
                    {
                        break;
                    }
                }
            }
        }
        if (published > 0)
        {
            LogPublished(logger, published, started.ElapsedMilliseconds);
        }
        return published;
    }

    private async Task<List<TableEntity>> ReadPageAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {OutboxRows.Prefix} and RowKey lt {OutboxRows.End}");
        var size = options.Value.PageSize;
        var rows = new List<TableEntity>(size);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: size, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == size)
            {
                break;
            }
        }
        return rows;
    }

    private static async Task DeleteAsync(TableClient table, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(100))
        {
            var actions = chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All));
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // Another pass deleted one of them already: delete the rest one by one.
                foreach (var row in chunk)
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sink unavailable; {Waiting} events wait for the next pass.")]
    private static partial void LogSinkUnavailable(ILogger logger, Exception exception, int waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sink took {Taken} of {Offered} events; the rest wait for the next pass.")]
    private static partial void LogSinkPartial(ILogger logger, int taken, int offered);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay published {Count} events in {Milliseconds} ms.")]
    private static partial void LogPublished(ILogger logger, int count, long milliseconds);
}
