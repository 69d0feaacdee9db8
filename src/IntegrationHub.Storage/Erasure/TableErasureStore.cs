using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Erasure;

/// <summary>
/// Table "Erasures", partition = registry: a job row per erasure under way ("job|{key}", the job as JSON; gone when
/// done), a tombstone per erased citizen ("t|{key}": the keyed hash and the erasure time, nothing else), and the
/// outbox rows of <see cref="CvErased"/> ("~out|{cvId}|..."), written with the step that records them. Each tombstone
/// has a mark keyed by its time ("at|{erasedAt ticks, 19 digits}|{key}": the same two values), written in one transaction
/// with it, so that a page of first decisions asks "erased since?" with one range query instead of a point read per
/// citizen (ADR 0040). A query of RowKey equalities joined by "or" would scan the whole partition on Azure; the range does not.
/// One more row, "at|~" (after every mark, inside every look's range, so the look reads it at no cost), says since when
/// every tombstone of the registry has a mark: tombstones from before the marks have none (<see cref="RecordMarksBeganAsync"/>).
/// </summary>
public sealed class TableErasureStore(HubStorage storage, IOptions<HubOptions> hub) : IErasureStore, IOutboxSource
{
    private const string JobPrefix = "job|";
    private const string TombstonePrefix = "t|";
    private const string MarkPrefix = "at|";
    private const string MarksEnd = "at}";

    /// <summary>
    /// Sorts after every mark ('~' after the digits) and before <see cref="MarksEnd"/>, so every look's range holds it. Row
    /// keys compare as strings, and a query returns rows in key order (learn.microsoft.com/rest/api/storageservices/querying-tables-and-entities).
    /// </summary>
    private const string MarkedSinceKey = "at|~";

    private TableClient Client => storage.Table(ErasureTables.ErasuresTable);

    string IOutboxSource.Table => ErasureTables.ErasuresTable;

    IEnumerable<string> IOutboxSource.Partitions() => hub.Value.Registries.Keys;

    public async Task<ErasureJob?> GetJobAsync(string registry, string key, CancellationToken cancellationToken)
    {
        var row = await Client.GetEntityIfExistsAsync<TableEntity>(registry, JobPrefix + key, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<bool> TrySaveJobAsync(ErasureJob job, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(job.Registry, JobPrefix + job.Key)
        {
            ["Job"] = JsonSerializer.Serialize(job with { ETag = null }, ErasureJson.Default.ErasureJob),
            ["Held"] = job.Holds.Count > 0,
        };
        List<TableTransactionAction> actions = job.ETag is null
            ? [new(TableTransactionActionType.Add, entity)]
            : [new(TableTransactionActionType.UpdateReplace, entity, new ETag(job.ETag))];
        for (var i = 0; i < outbound.Count; i++)
        {
            actions.Add(OutboxRows.Add(job.Registry, outbound[i].SessionKey, job.ErasedAt.UtcTicks, i, outbound[i]));
        }
        try
        {
            await Client.SubmitTransactionAsync(actions, cancellationToken);
            if (outbound.Count > 0)
            {
                storage.Signals.Outbox.Signal();
            }
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    public async Task DeleteJobAsync(ErasureJob job, CancellationToken cancellationToken) =>
        await Client.DeleteEntityAsync(job.Registry, JobPrefix + job.Key, ETag.All, cancellationToken);

    public async Task<IReadOnlyList<ErasureJob>> HeldJobsAsync(CancellationToken cancellationToken)
    {
        var jobs = new List<ErasureJob>();
        await foreach (var row in Client.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey ge {JobPrefix} and RowKey lt {"job}"} and Held eq {true}"), cancellationToken: cancellationToken))
        {
            jobs.Add(Read(row));
        }
        return jobs;
    }

    public async Task RecordTombstoneAsync(string registry, string key, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        // A later erasure of the same citizen moves the tombstone on; an older one never moves it back.
        var existing = await ErasedAtAsync(registry, key, cancellationToken);
        if (existing > erasedAt)
        {
            return;
        }
        var mark = new TableEntity(registry, MarkKey(erasedAt, key)) { ["ErasedAt"] = erasedAt };
        if (existing == erasedAt)
        {
            // The same erasure again (a restart, or a tombstone from before the marks): its mark, should it be missing.
            await Client.UpsertEntityAsync(mark, TableUpdateMode.Replace, cancellationToken);
            return;
        }
        await Client.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpsertReplace, new TableEntity(registry, TombstonePrefix + key) { ["ErasedAt"] = erasedAt }),
                new(TableTransactionActionType.UpsertReplace, mark),
            ], cancellationToken);
        await PruneMarksAsync(registry, erasedAt - TombstoneMark.Kept, cancellationToken);
    }

    /// <summary>Most marks one erasure deletes: each erasure adds one, so a backlog of marks shrinks with every erasure.</summary>
    internal const int MarksPrunedPerErasure = 100;

    /// <summary>
    /// Deletes the registry's marks of erasures before <paramref name="before"/> (<see cref="TombstoneMark.Kept"/>): marks
    /// come only with erasures, so the erasure that adds one trims the old ones, up to <see cref="MarksPrunedPerErasure"/>.
    /// Housekeeping: a failure here leaves them to the next erasure rather than failing this one.
    /// </summary>
    private async Task PruneMarksAsync(string registry, DateTimeOffset before, CancellationToken cancellationToken)
    {
        try
        {
            var old = new List<(string, string)>(MarksPrunedPerErasure);
            await foreach (var row in Client.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey ge {MarkPrefix} and RowKey lt {MarkPrefix + Ticks(before)}"),
                maxPerPage: MarksPrunedPerErasure, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                old.Add((registry, row.RowKey));
                if (old.Count == MarksPrunedPerErasure)
                {
                    break;
                }
            }
            if (old.Count > 0)
            {
                await TableErasure.DeleteAsync(Client, old, cancellationToken);
            }
        }
        catch (RequestFailedException)
        {
            // The next erasure of the registry tries again; the tombstone and this erasure's mark are written.
        }
    }

    public async Task<TombstoneMarks> ErasedSinceAsync(string registry, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var marks = new List<TombstoneMark>();
        DateTimeOffset? markedSince = null;
        var from = MarkPrefix + Ticks(since);
        await foreach (var row in Client.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey ge {from} and RowKey lt {MarksEnd}"),
            select: ["RowKey", "ErasedAt", "Since"], cancellationToken: cancellationToken))
        {
            if (row.RowKey == MarkedSinceKey)
            {
                markedSince = row.GetDateTimeOffset("Since");
                continue;
            }
            marks.Add(new TombstoneMark(row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..], row.GetDateTimeOffset("ErasedAt")!.Value));
        }
        return new TombstoneMarks(marks, markedSince);
    }

    /// <summary>
    /// Records, once per registry, since when every tombstone has a mark (the row <see cref="MarkedSinceKey"/>; read by every
    /// look at no cost). A registry with no tombstone yet had a mark for each from the start. One whose tombstones predate
    /// the marks (recorded by the hub before them) gets <paramref name="now"/> plus <see cref="TombstoneMark.Rollout"/>: a
    /// process of that hub may still record one without a mark while a deployment replaces it. Run at start, not on a
    /// timer, so an idle hub writes nothing; a second start finds the row (one point read) and leaves it as it is.
    /// </summary>
    public async Task RecordMarksBeganAsync(string registry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if ((await Client.GetEntityIfExistsAsync<TableEntity>(registry, MarkedSinceKey, select: ["Since"], cancellationToken: cancellationToken)).HasValue)
        {
            return;
        }
        var anyTombstone = false;
        await foreach (var _ in Client.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey ge {TombstonePrefix} and RowKey lt {"t}"}"),
            maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            anyTombstone = true;
            break;
        }
        try
        {
            await Client.AddEntityAsync(new TableEntity(registry, MarkedSinceKey)
            {
                ["Since"] = anyTombstone ? now + TombstoneMark.Rollout : DateTimeOffset.UnixEpoch,
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another instance recorded it first (Insert Entity answers 409 EntityAlreadyExists,
            // learn.microsoft.com/rest/api/storageservices/insert-entity); the first one stands.
        }
    }

    private static string MarkKey(DateTimeOffset erasedAt, string key) => MarkPrefix + Ticks(erasedAt) + "|" + key;

    /// <summary>Fixed width, so that the row keys sort by time.</summary>
    private static string Ticks(DateTimeOffset time) => time.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<DateTimeOffset?> ErasedAtAsync(string registry, string key, CancellationToken cancellationToken)
    {
        var row = await Client.GetEntityIfExistsAsync<TableEntity>(registry, TombstonePrefix + key, select: ["ErasedAt"], cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetDateTimeOffset("ErasedAt") : null;
    }

    private static ErasureJob Read(TableEntity row) =>
        JsonSerializer.Deserialize(row.GetString("Job"), ErasureJson.Default.ErasureJob)! with { ETag = row.ETag.ToString() };
}
