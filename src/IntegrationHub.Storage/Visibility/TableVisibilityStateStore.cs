using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Hub;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.Storage.Visibility;

/// <summary>
/// Table "Visibility", partition = registry: the decision in force per citizen (row = citizen id, ETag-guarded) and the
/// served history (rows "{citizenId}|{ticks}"), written together in one transaction whenever what the CV's audience,
/// presentation or searchability changes, and the outbound events of the change (outbox rows "~out|{citizenId}|...",
/// see <see cref="OutboxRows"/>).
/// </summary>
public sealed class TableVisibilityStateStore(HubStorage storage) : IVisibilityStateStore, IExposureIndex, IInactivityIndex
{
    private TableClient Table => storage.Table(StorageNames.VisibilityTable);

    public async Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(registry, citizenId, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }
        var entity = response.Value!;
        return JsonSerializer.Deserialize(entity.GetString("State"), HubJson.Default.VisibilityState)! with { ETag = entity.ETag.ToString() };
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
    /// One range query from the lowest citizen id to the highest, selecting the state column (history rows in the range
    /// come back as bare keys: they have no State): used by the breach fan-out on pages of citizens that are neighbours
    /// in id order. Rows of citizens not asked for are dropped here.
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
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "State"], cancellationToken: cancellationToken))
        {
            if (wanted.Contains(row.RowKey))
            {
                states[row.RowKey] = JsonSerializer.Deserialize(row.GetString("State"), HubJson.Default.VisibilityState)! with { ETag = row.ETag.ToString() };
            }
        }
        return states;
    }

    public async Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey gt {citizenId + "|"} and RowKey lt {citizenId + "}"}");
        var intervals = new List<VisibilityInterval>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["Interval"], cancellationToken: cancellationToken))
        {
            intervals.Add(JsonSerializer.Deserialize(entity.GetString("Interval"), HubJson.Default.VisibilityInterval)!);
        }
        return intervals;
    }

    public async Task EraseCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var rows = await TableErasure.KeysAsync(Table,
            TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey gt {citizenId + "|"} and RowKey lt {citizenId + "}"}"), cancellationToken);
        // Exposure rows sort by time, not citizen: the column finds them (one scan of the registry's exposure range).
        rows.AddRange(await TableErasure.KeysAsync(Table,
            TableClient.CreateQueryFilter($"PartitionKey eq {registry} and RowKey gt {ExposurePrefix} and RowKey lt {"~exp}"} and CitizenId eq {citizenId}"), cancellationToken));
        rows.Add((registry, citizenId));
        await TableErasure.DeleteAsync(Table, rows, cancellationToken);
    }

    public async Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken)
    {
        try
        {
            await Table.SubmitTransactionAsync(Actions(state, previous, outbound), cancellationToken);
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

    /// <summary>The rows of one state write: the state, and its history, exposure and outbox rows when they change.</summary>
    private static List<TableTransactionAction> Actions(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound)
    {
        var entity = new TableEntity(state.Registry, state.CitizenId)
        {
            ["State"] = JsonSerializer.Serialize(state with { ETag = null }, HubJson.Default.VisibilityState),
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
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(state.Registry, $"{state.CitizenId}|{state.DecidedAt.UtcTicks:D19}")
            {
                ["Interval"] = JsonSerializer.Serialize(interval, HubJson.Default.VisibilityInterval),
                ["Audience"] = state.Decision.Audience.ToString(),
                ["From"] = state.DecidedAt,
            }));
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
            states.Add(JsonSerializer.Deserialize(entity.GetString("State"), HubJson.Default.VisibilityState)! with { ETag = entity.ETag.ToString() });
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

    /// <summary>What the history records a change of: what employers and boards could see, and how.</summary>
    private static (Audience, Presentation, bool, string?) Served(VisibilityState state) =>
        (state.Decision.Audience, state.Decision.Presentation, state.Decision.Searchable, state.Cv?.CvId);
}
