using Azure.Data.Tables;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Outbox;

/// <summary>
/// The local and test sink: table "OutboundEvents", partition = topic, row = event id (an event published twice is
/// one row, as Service Bus duplicate detection makes it one message). "Published" records the order the relay
/// published in, for tests of per-session order.
/// </summary>
public sealed class TableEventSink(HubStorage storage, TimeProvider clock) : IOutboundEventSink
{
    private TableClient Table => storage.Table(OutboxTables.OutboundEventsTable);

    public async Task<int> PublishAsync(IReadOnlyList<OutboundEvent> events, CancellationToken cancellationToken)
    {
        var done = 0;
        var start = clock.GetUtcNow().UtcTicks;
        // Consecutive events of one topic go in one batch (one partition, at most 100), so publishing keeps the order.
        while (done < events.Count)
        {
            var topic = events[done].Topic;
            var batch = new List<TableTransactionAction>(100);
            for (var i = done; i < events.Count && batch.Count < 100 && events[i].Topic == topic; i++)
            {
                var e = events[i];
                batch.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(topic, e.Id)
                {
                    ["Type"] = e.Type,
                    ["Source"] = e.Source,
                    ["Subject"] = e.Subject,
                    ["Time"] = e.Time,
                    ["SessionKey"] = e.SessionKey,
                    ["Data"] = e.Data,
                    ["Published"] = start + i,
                }));
            }
            try
            {
                await Table.SubmitTransactionAsync(batch, cancellationToken);
            }
            catch (Exception) when (done > 0 && !cancellationToken.IsCancellationRequested)
            {
                return done;
            }
            done += batch.Count;
        }
        return done;
    }
}
