using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Retention;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Visibility;

/// <summary>
/// Table "Visibility", partition = registry: the decision in force per citizen (row = citizen id, ETag-guarded), the
/// served interval in force (row "{citizenId}|current"), written together in one transaction whenever what the CV's
/// audience, presentation or searchability changes, and the outbound events of the change (outbox rows
/// "~out|{citizenId}|...", see <see cref="OutboxRows"/>). When the interval in force ends, it moves to the history's
/// month table of its end ("VisibilityHistory{NO|DK|NL}{yyyyMM}", row "{citizenId}|{fromTicks}"), which retention drops
/// whole (ADR 0023). Rows "{citizenId}|{ticks}" in this table are history written before that layout, still read.
/// </summary>
public sealed class TableVisibilityStateStore(HubStorage storage, IOptions<HubOptions>? hub = null) : IVisibilityStateStore, IExposureIndex, IInactivityIndex
{
    /// <summary>The row of the served interval in force, after "{citizenId}|" ('c' sorts after the digits of older rows).</summary>
    private const string CurrentInterval = "current";

    public const string HistoryTable = "VisibilityHistory";

    private readonly PeriodTables _history = new(storage, HistoryTable, hub);

    /// <summary>The history's month tables (the retention purge drops them).</summary>
    public PeriodTables History => _history;

    private TableClient Table => storage.Table(VisibilityTables.VisibilityTable);

    public async Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(registry, citizenId, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }
        var entity = response.Value!;
        return JsonSerializer.Deserialize(entity.GetString("State"), VisibilityJson.Default.VisibilityState)! with { ETag = entity.ETag.ToString() };
    }

    /// <summary>Reads five columns of the state row, not the state document (a search checks 20 of them per page).</summary>
    public async Task<EmployerViewNow?> GetEmployerViewAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(registry, citizenId, select: EmployerViewColumns, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }
        var row = response.Value!;
        if (!Enum.TryParse<Audience>(row.GetString("Audience"), out var audience) || !Enum.TryParse<Presentation>(row.GetString("Presentation"), out var presentation)
            || row.GetString("EmployerSections") is not { } scope)
        {
            // A row written before these columns: decide from the state document.
            return EmployerViewNow.Of(await GetAsync(registry, citizenId, cancellationToken));
        }
        var view = new VisibilityDecision { Audience = audience, Searchable = row.GetBoolean("Searchable") == true, Presentation = presentation, Reasons = [] }.EmployerView();
        return new EmployerViewNow(row.GetString("CvId"), view.Visible, view.Searchable, presentation,
            scope == EverySection ? null : scope.Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    private static readonly string[] EmployerViewColumns = ["CvId", "Audience", "Searchable", "Presentation", "EmployerSections"];

    /// <summary>The consent-scope column of a consent that names no sections (a missing column means a row written before it).</summary>
    private const string EverySection = "*";

    /// <summary>
    /// How many query pages (up to 1,000 rows each) <see cref="GetManyAsync"/> reads of its range before it reads the rest
    /// of its citizens one by one: a page of neighbours is one query, and a sparse page never reads a registry.
    /// </summary>
    public const int RangePagesRead = 2;

    /// <summary>How many point reads <see cref="GetManyAsync"/> has in flight once it stops reading the range.</summary>
    private const int PointReadConcurrency = 16;

    /// <summary>
    /// The breach fan-out's re-check of a page of citizens (cut in id order, so usually neighbours): one range query from
    /// the lowest citizen id to the highest, selecting the state column (history rows in the range come back as bare
    /// keys: they have no State), rows of citizens not asked for dropped here. The range holds every citizen of the
    /// registry between the two, so a page of a small campaign spread over a registry of millions would read them all:
    /// after <see cref="RangePagesRead"/> query pages the citizens beyond the last row read are read by point reads
    /// instead. A page costs at most that many queries plus one point read per citizen, whatever the registry's size.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, VisibilityState>> GetManyAsync(string registry, IReadOnlyCollection<string> citizenIds, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, VisibilityState>(StringComparer.Ordinal);
        if (citizenIds.Count == 0)
        {
            return states;
        }
        var wanted = citizenIds.ToHashSet(StringComparer.Ordinal);
        var (first, last) = (wanted.Min(StringComparer.Ordinal)!, wanted.Max(StringComparer.Ordinal)!);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {registry} and RowKey ge {first} and RowKey le {last}");
        string? readTo = null;
        var pages = 0;
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "State"], cancellationToken: cancellationToken).AsPages())
        {
            foreach (var row in page.Values)
            {
                readTo = row.RowKey;
                if (wanted.Contains(row.RowKey))
                {
                    states[row.RowKey] = JsonSerializer.Deserialize(row.GetString("State"), VisibilityJson.Default.VisibilityState)! with { ETag = row.ETag.ToString() };
                }
            }
            if (page.ContinuationToken is null)
            {
                return states;
            }
            if (++pages == RangePagesRead)
            {
                break;
            }
        }
        // The range goes on: the citizens after the last row read (all of them when a page came back empty), one by one.
        var rest = wanted.Where(id => readTo is null || string.CompareOrdinal(id, readTo) > 0).ToList();
        var found = new VisibilityState?[rest.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, rest.Count), new ParallelOptions { MaxDegreeOfParallelism = PointReadConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = await GetAsync(registry, rest[i], ct));
        for (var i = 0; i < rest.Count; i++)
        {
            if (found[i] is { } state)
            {
                states[rest[i]] = state;
            }
        }
        return states;
    }

    /// <summary>
    /// The interval in force and older rows from this table, and the ended intervals from the history's month tables of
    /// the registry's jurisdiction that still exist; one interval per start, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey gt {citizenId + "|"} and RowKey lt {citizenId + "}"}");
        var intervals = new Dictionary<long, VisibilityInterval>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["Interval"], cancellationToken: cancellationToken))
        {
            Add(entity);
        }
        var jurisdiction = _history.JurisdictionOf(registry);
        foreach (var period in await _history.ExistingAsync(cancellationToken))
        {
            if (period.Jurisdiction != jurisdiction)
            {
                continue;
            }
            await foreach (var entity in _history.QueryAsync(period.Name, filter, null, ["Interval"], cancellationToken))
            {
                Add(entity);
            }
        }
        return [.. intervals.OrderBy(i => i.Key).Select(i => i.Value)];

        // An interval moved to a month table by a write that then lost its race is still the one in force: one per start.
        void Add(TableEntity entity)
        {
            var interval = JsonSerializer.Deserialize(entity.GetString("Interval"), VisibilityJson.Default.VisibilityInterval)!;
            intervals[interval.From.UtcTicks] = interval;
        }
    }

    public async Task EraseCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var rows = await TableErasure.KeysAsync(Table,
            TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey gt {citizenId + "|"} and RowKey lt {citizenId + "}"}"), cancellationToken);
        // Exposure rows sort by time, not citizen: the column finds them (one scan of the registry's exposure range).
        rows.AddRange(await TableErasure.KeysAsync(Table,
            TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey gt {ExposurePrefix} and RowKey lt {"~exp}"} and CitizenId eq {citizenId}"), cancellationToken));
        rows.AddRange(await TableErasure.KeysAsync(Table,
            TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey gt {GonePrefix} and RowKey lt {"~gone}"} and CitizenId eq {citizenId}"), cancellationToken));
        rows.Add((registry, citizenId));
        await TableErasure.DeleteAsync(Table, rows, cancellationToken);

        // Ended intervals live in their jurisdiction's month tables (ADR 0023), under the same partition and row range.
        var history = TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey gt {citizenId + "|"} and RowKey lt {citizenId + "}"}");
        var jurisdiction = _history.JurisdictionOf(registry);
        foreach (var period in (await _history.ExistingAsync(cancellationToken)).Where(p => p.Jurisdiction == jurisdiction))
        {
            var keys = new List<(string, string)>();
            await foreach (var entity in _history.QueryAsync(period.Name, history, 1000, ["PartitionKey", "RowKey"], cancellationToken))
            {
                keys.Add((entity.PartitionKey, entity.RowKey));
            }
            if (keys.Count > 0)
            {
                await TableErasure.DeleteAsync(_history.Table(period.Name), keys, cancellationToken);
            }
        }
    }

    public async Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken)
    {
        ETag? current = null;
        if (previous is not null && Served(previous) != Served(state))
        {
            current = await EndIntervalAsync(state, cancellationToken);
        }
        try
        {
            await Table.SubmitTransactionAsync(Actions(state, previous, outbound, current), cancellationToken);
            if (outbound.Count > 0)
            {
                storage.Signals.Outbox.Signal();
            }
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the first states of citizens the store does not know yet (a store being loaded), with their history and
    /// exposure rows as <see cref="TryWriteAsync"/> writes them, several citizens of one registry per transaction (at
    /// most 100 rows). Fails on a citizen already there.
    /// </summary>
    public async Task BulkAddAsync(IReadOnlyList<VisibilityState> states, int concurrency, CancellationToken cancellationToken)
    {
        var batches = new List<List<TableTransactionAction>>();
        foreach (var registry in states.GroupBy(s => s.Registry, StringComparer.Ordinal))
        {
            var batch = new List<TableTransactionAction>(100);
            foreach (var actions in registry.Select(s => Actions(s, previous: null, outbound: [])))
            {
                if (batch.Count + actions.Count > 100)
                {
                    batches.Add(batch);
                    batch = new List<TableTransactionAction>(100);
                }
                batch.AddRange(actions);
            }
            if (batch.Count > 0)
            {
                batches.Add(batch);
            }
        }
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (batch, ct) => await Table.SubmitTransactionAsync(batch, ct));
    }

    /// <summary>
    /// Copies the interval in force into the history's month table of now (its end), before the transaction that replaces
    /// it: a crash or a lost race in between leaves a copy of an interval that is still in force, which
    /// <see cref="HistoryAsync"/> reads once, never a lost interval. Answers the current row's ETag, or null when the
    /// citizen has none (history written before this layout: the transaction adds it).
    /// </summary>
    private async Task<ETag?> EndIntervalAsync(VisibilityState state, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(state.Registry, state.CitizenId + "|" + CurrentInterval, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }
        var row = found.Value!;
        var from = row.GetDateTimeOffset("From")!.Value;
        var ended = new TableEntity(state.Registry, $"{state.CitizenId}|{from.UtcTicks:D19}")
        {
            ["Interval"] = row.GetString("Interval"),
            ["Audience"] = row.GetString("Audience"),
            ["From"] = from,
            ["To"] = state.DecidedAt,
        };
        var table = _history.Name(_history.JurisdictionOf(state.Registry), RetentionPeriods.MonthOf(state.DecidedAt));
        await _history.WriteAsync(table, t => t.UpsertEntityAsync(ended, TableUpdateMode.Replace, cancellationToken), cancellationToken);
        return row.ETag;
    }

    /// <summary>The rows of one state write: the state, and its interval, exposure and outbox rows when they change.</summary>
    private static List<TableTransactionAction> Actions(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, ETag? current = null)
    {
        var entity = new TableEntity(state.Registry, state.CitizenId)
        {
            ["State"] = JsonSerializer.Serialize(state with { ETag = null }, VisibilityJson.Default.VisibilityState),
            ["Audience"] = state.Decision.Audience.ToString(),
            ["Searchable"] = state.Decision.Searchable,
            ["Presentation"] = state.Decision.Presentation.ToString(),
            ["CvId"] = state.Cv?.CvId,
            ["EmployerSections"] = state.EmployerSections is { Count: > 0 } sections ? string.Join(',', sections) : EverySection,
            // The inactivity sweep reads only the rows whose next action has fallen due.
            ["NextInactivityTicks"] = state.Inactivity?.NextDue?.UtcTicks ?? long.MaxValue,
        };
        List<TableTransactionAction> actions = previous is null
            ? [new(TableTransactionActionType.Add, entity)]
            : [new(TableTransactionActionType.UpdateReplace, entity, new ETag(previous.ETag!))];
        if (previous is null || Served(previous) != Served(state))
        {
            var interval = new VisibilityInterval(state.DecidedAt, state.Cv?.CvId, state.Decision, state.Facts);
            var row = new TableEntity(state.Registry, state.CitizenId + "|" + CurrentInterval)
            {
                ["Interval"] = JsonSerializer.Serialize(interval, VisibilityJson.Default.VisibilityInterval),
                ["Audience"] = state.Decision.Audience.ToString(),
                ["From"] = state.DecidedAt,
            };
            actions.Add(current is { } etag
                ? new(TableTransactionActionType.UpdateReplace, row, etag)
                : new(TableTransactionActionType.UpsertReplace, row));
        }
        if (previous?.ExposedSince is { } ended && previous.ExposedSince != state.ExposedSince)
        {
            actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(state.Registry, ExposureRow(ended, state.CitizenId))
            {
                ["To"] = state.DecidedAt,
                ["ToTicks"] = state.DecidedAt.UtcTicks,
            }, ETag.All));
        }
        if (state.ExposedSince is { } began && previous?.ExposedSince != began)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(state.Registry, ExposureRow(began, state.CitizenId))
            {
                ["CitizenId"] = state.CitizenId,
                ["CvId"] = state.Cv!.CvId,
                ["From"] = began,
                ["ToTicks"] = long.MaxValue,
            }));
        }
        if (previous?.Cv is not null && state.Cv is null)
        {
            // The CV went (deleted, or erased): the citizen's ledger and state are kept the history's period from now
            // (ADR 0029); the retention purge finds this row by its time-ordered key.
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(state.Registry, GoneRow(state.DecidedAt, state.CitizenId))
            {
                ["CitizenId"] = state.CitizenId,
            }));
        }
        for (var i = 0; i < outbound.Count; i++)
        {
            actions.Add(OutboxRows.Add(state.Registry, state.CitizenId, state.Sequence, i, outbound[i]));
        }
        return actions;
    }

    public async Task<(IReadOnlyList<VisibilityState> States, string? Continuation)> DueAsync(
        string registry, DateTimeOffset now, string? continuation, CancellationToken cancellationToken)
    {
        const int pageSize = 200;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {registry} and RowKey gt {continuation ?? ""} and RowKey lt {"~"} and NextInactivityTicks le {now.UtcTicks}");
        var states = new List<VisibilityState>(pageSize);
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken))
        {
            states.Add(JsonSerializer.Deserialize(entity.GetString("State"), VisibilityJson.Default.VisibilityState)! with { ETag = entity.ETag.ToString() });
            if (states.Count == pageSize)
            {
                return (states, entity.RowKey);
            }
        }
        return (states, null);
    }

    private const string ExposurePrefix = "~exp|";

    /// <summary>Exposure rows sort by their start: "~exp|{ticks}|{citizenId}".</summary>
    private static string ExposureRow(DateTimeOffset from, string citizenId) => $"{ExposurePrefix}{from.UtcTicks:D19}|{citizenId}";

    public async Task<ExposurePage> OverlappingAsync(string registry, DateTimeOffset from, DateTimeOffset to, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        // Started before the window ends (row key) and not ended before it starts (ToTicks).
        var after = continuation ?? ExposurePrefix;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {registry} and RowKey gt {after} and RowKey lt {ExposurePrefix + to.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)} and ToTicks gt {from.UtcTicks}");
        var items = new List<Exposure>(pageSize);
        string? last = null;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken))
        {
            items.Add(new Exposure(registry, row.GetString("CitizenId"), row.GetString("CvId"), row.GetDateTimeOffset("From")!.Value, row.GetDateTimeOffset("To")));
            last = row.RowKey;
            if (items.Count == pageSize)
            {
                break;
            }
        }
        return new ExposurePage(items, items.Count == pageSize ? last : null);
    }

    /// <summary>
    /// Retention: deletes the registry's exposure windows that ended before <paramref name="cutoff"/>, from the start of
    /// the time-ordered "~exp|{fromTicks}" range up to the cutoff (a window in force has ToTicks = max and stays), in
    /// 100-row transactions, at most <paramref name="maxBatches"/>.
    /// </summary>
    public Task<(long Rows, int Batches)> PurgeExposuresAsync(string registry, DateTimeOffset cutoff, int maxBatches, CancellationToken cancellationToken) =>
        BatchDelete.DeleteMatchingAsync(Table, registry, TableClient.CreateQueryFilter(
            $"PartitionKey eq {registry} and RowKey gt {ExposurePrefix} and RowKey lt {ExposurePrefix + cutoff.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)} and ToTicks lt {cutoff.UtcTicks}"),
            maxBatches, cancellationToken);

    /// <summary>The row holding how far the move of history rows written before ADR 0023 has come ("~": done).</summary>
    private const string LegacyCursor = "~legacy-history";

    /// <summary>
    /// Retention of the history rows written before ADR 0023 ("{citizenId}|{ticks}" in this table): moves each ended one
    /// to the month table of its end (where the purge drops it with its month), or deletes it when that month has already
    /// expired; the interval in force of a citizen with no "current" row stays. One pass over the registry's partition,
    /// 1000 rows a page, from a cursor kept in the partition, at most <paramref name="maxBatches"/> pages and
    /// transactions; once through, the cursor says so and the pass costs one point read. Answers (moved, deleted, batches).
    /// </summary>
    public async Task<(long Moved, long Deleted, int Batches)> MoveLegacyHistoryAsync(
        string registry, int months, DateTimeOffset now, int maxBatches, CancellationToken cancellationToken)
    {
        const int page = 1000;
        var cursor = await Table.GetEntityIfExistsAsync<TableEntity>(registry, LegacyCursor, ["After"], cancellationToken);
        var after = cursor.HasValue ? cursor.Value!.GetString("After") ?? "" : "";
        var (moved, deleted, batches) = (0L, 0L, 0);
        var jurisdiction = _history.JurisdictionOf(registry);
        while (after != "~" && batches < maxBatches)
        {
            var rows = new List<TableEntity>(page);
            await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey gt {after} and RowKey lt {"~"}"),
                maxPerPage: page, select: ["RowKey", "Interval", "Audience", "From"], cancellationToken: cancellationToken))
            {
                rows.Add(row);
                if (rows.Count == page)
                {
                    break;
                }
            }
            batches++;
            var citizens = rows.GroupBy(r => CitizenOf(r.RowKey), StringComparer.Ordinal).ToList();
            if (rows.Count == page && citizens.Count > 1)
            {
                // The last citizen's rows may go on in the next page: they are read again there, whole.
                citizens.RemoveAt(citizens.Count - 1);
            }
            var next = rows.Count < page ? "~" : citizens[^1].Last().RowKey;
            var copies = new List<(string Table, TableEntity Row)>();
            var gone = new List<(string, string)>();
            foreach (var citizen in citizens)
            {
                // In key order: the state row, the old rows by start, then "current" ('c' sorts after the digits).
                var intervals = citizen.Where(r => IsLegacy(r.RowKey) || r.RowKey.EndsWith("|" + CurrentInterval, StringComparison.Ordinal)).ToList();
                for (var i = 0; i + 1 < intervals.Count; i++)
                {
                    if (!IsLegacy(intervals[i].RowKey))
                    {
                        continue;
                    }
                    var ended = intervals[i + 1].GetDateTimeOffset("From")!.Value;
                    var month = RetentionPeriods.MonthOf(ended);
                    if (!RetentionPeriods.IsExpired(month, months, now))
                    {
                        copies.Add((_history.Name(jurisdiction, month), new TableEntity(registry, intervals[i].RowKey)
                        {
                            ["Interval"] = intervals[i].GetString("Interval"),
                            ["Audience"] = intervals[i].GetString("Audience"),
                            ["From"] = intervals[i].GetDateTimeOffset("From"),
                            ["To"] = ended,
                        }));
                    }
                    gone.Add((registry, intervals[i].RowKey));
                }
            }
            foreach (var group in copies.GroupBy(c => c.Table, StringComparer.Ordinal))
            {
                foreach (var chunk in group.Chunk(BatchDelete.MaxBatch))
                {
                    await _history.WriteAsync(group.Key, t => t.SubmitTransactionAsync(
                        chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, c.Row)), cancellationToken), cancellationToken);
                    batches++;
                }
            }
            // Copied first, deleted after: a crash in between leaves a row read once (one interval per start), never lost.
            await TableErasure.DeleteAsync(Table, gone, cancellationToken);
            batches += (gone.Count + BatchDelete.MaxBatch - 1) / BatchDelete.MaxBatch;
            (moved, deleted) = (moved + copies.Count, deleted + gone.Count - copies.Count);
            await Table.UpsertEntityAsync(new TableEntity(registry, LegacyCursor) { ["After"] = next }, TableUpdateMode.Replace, cancellationToken);
            after = next;
        }
        return (moved, deleted, batches);

        static string CitizenOf(string rowKey) => rowKey.LastIndexOf('|') is var bar and > 0 ? rowKey[..bar] : rowKey;

        static bool IsLegacy(string rowKey) =>
            rowKey.LastIndexOf('|') is var bar and > 0 && rowKey.Length - bar - 1 == 19 && !rowKey.AsSpan(bar + 1).ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>
    /// Records that the registry's partition holds no history rows written before ADR 0023, so the retention purge's
    /// one-off move (<see cref="MoveLegacyHistoryAsync"/>) costs one point read from its first pass. Only for a partition
    /// written in the current layout alone (a benchmark's seed through <see cref="BulkAddAsync"/>): a store that had rows
    /// before ADR 0023 must let the move run over them.
    /// </summary>
    public async Task MarkLegacyHistoryMovedAsync(string registry, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(new TableEntity(registry, LegacyCursor) { ["After"] = "~" }, TableUpdateMode.Replace, cancellationToken);

    private const string GonePrefix = "~gone|";

    /// <summary>Rows marking when a citizen's CV went sort by that time: "~gone|{ticks}|{citizenId}".</summary>
    private static string GoneRow(DateTimeOffset at, string citizenId) => $"{GonePrefix}{at.UtcTicks:D19}|{citizenId}";

    /// <summary>A citizen whose CV went at <paramref name="At"/> (the key of the marking row).</summary>
    public sealed record CvGone(string Registry, string CitizenId, DateTimeOffset At, string RowKey);

    /// <summary>
    /// Retention: the citizens of the registry whose CV went before <paramref name="cutoff"/>, oldest first, at most
    /// <paramref name="take"/>: one range read from the start of the time-ordered "~gone|" range (what the purge has dealt
    /// with is deleted or moved on, so the range is never read past what is due).
    /// </summary>
    public async Task<IReadOnlyList<CvGone>> CvsGoneBeforeAsync(string registry, DateTimeOffset cutoff, int take, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {registry} and RowKey gt {GonePrefix} and RowKey lt {GonePrefix + cutoff.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}");
        var gone = new List<CvGone>(take);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: take, select: ["RowKey", "CitizenId"], cancellationToken: cancellationToken))
        {
            var ticks = long.Parse(row.RowKey.AsSpan(GonePrefix.Length, 19), System.Globalization.CultureInfo.InvariantCulture);
            gone.Add(new CvGone(registry, row.GetString("CitizenId"), new DateTimeOffset(ticks, TimeSpan.Zero), row.RowKey));
            if (gone.Count == take)
            {
                break;
            }
        }
        return gone;
    }

    /// <summary>Retention: forgets a marking row (the citizen has a CV again, or was purged).</summary>
    public async Task ForgetCvGoneAsync(CvGone gone, CancellationToken cancellationToken) =>
        await Table.DeleteEntityAsync(gone.Registry, gone.RowKey, ETag.All, cancellationToken);

    /// <summary>Retention: moves a marking row to <paramref name="at"/> (a legal hold keeps the citizen's rows; ask again then).</summary>
    public async Task PostponeCvGoneAsync(CvGone gone, DateTimeOffset at, CancellationToken cancellationToken) =>
        await Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Delete, new TableEntity(gone.Registry, gone.RowKey), ETag.All),
            new(TableTransactionActionType.UpsertReplace, new TableEntity(gone.Registry, GoneRow(at, gone.CitizenId)) { ["CitizenId"] = gone.CitizenId }),
        ], cancellationToken);

    /// <summary>
    /// Retention: removes the state row and the interval in force of a citizen who has had no CV for the history's period,
    /// if the state is still <paramref name="state"/> (ETag); false when it changed meanwhile (an event came in: the
    /// citizen is active again). The ended intervals stay in their month tables until those go.
    /// </summary>
    public async Task<bool> TryForgetStateAsync(VisibilityState state, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, new TableEntity(state.Registry, state.CitizenId), new ETag(state.ETag!))];
        if ((await Table.GetEntityIfExistsAsync<TableEntity>(state.Registry, state.CitizenId + "|" + CurrentInterval, ["RowKey"], cancellationToken)).HasValue)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(state.Registry, state.CitizenId + "|" + CurrentInterval), ETag.All));
        }
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>What the history records a change of: what employers and boards could see, and how.</summary>
    private static (Audience, Presentation, bool, string?) Served(VisibilityState state) =>
        (state.Decision.Audience, state.Decision.Presentation, state.Decision.Searchable, state.Cv?.CvId);
}
