using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Retention;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Breach;

/// <summary>
/// The fan-out's state. The run (cursor over the audience) is row "run" of the campaign's partition in "Breaches".
/// Table "BreachLedger": a partition per page ("{campaignId}|{pageNo:D6}") holding a row per citizen delivered or
/// failed (row key = the audience row key), written in 100-row transactions; and partition "{campaignId}|pages" with a
/// row per page ("{pageNo:D6}") holding its range and, once done, its counts.
/// </summary>
public sealed class TableBreachDeliveryStore(HubStorage storage) : IBreachDeliveryStore, IBreachLedgerRetention
{
    private const string RunRow = "run";
    private const string CitizenPrefix = "c|";
    private const string CitizenEnd = "c}";

    private TableClient Campaigns => storage.Table(BreachTables.BreachesTable);

    private TableClient Audience => storage.Table(BreachTables.BreachAudienceTable);

    private TableClient Ledger => storage.Table(BreachTables.BreachLedgerTable);

    private TableClient Packs => storage.Table(BreachTables.BreachAudiencePacksTable);

    private static string PagesPartition(string campaignId) => campaignId + "|pages";

    private static string PagePartition(string campaignId, int pageNo) => campaignId + "|" + pageNo.ToString("D6", CultureInfo.InvariantCulture);

    public async Task<BreachRun?> GetRunAsync(string campaignId, CancellationToken cancellationToken)
    {
        var row = await Campaigns.GetEntityIfExistsAsync<TableEntity>(campaignId, RunRow, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        var e = row.Value!;
        return new BreachRun
        {
            CampaignId = campaignId,
            RunId = e.GetString("RunId"),
            Cursor = e.GetString("Cursor"),
            NextPageNo = e.GetInt32("NextPageNo")!.Value,
            Planned = e.GetBoolean("Planned")!.Value,
            StartedAt = e.GetDateTimeOffset("StartedAt")!.Value,
            ActiveSince = e.GetDateTimeOffset("ActiveSince")!.Value,
            EnqueuedSinceActive = e.GetInt64("EnqueuedSinceActive")!.Value,
            CompletedAt = e.GetDateTimeOffset("CompletedAt"),
            ETag = e.ETag.ToString(),
        };
    }

    public async Task<bool> TrySaveRunAsync(BreachRun run, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(run.CampaignId, RunRow)
        {
            ["RunId"] = run.RunId,
            ["Cursor"] = run.Cursor,
            ["NextPageNo"] = run.NextPageNo,
            ["Planned"] = run.Planned,
            ["StartedAt"] = run.StartedAt,
            ["ActiveSince"] = run.ActiveSince,
            ["EnqueuedSinceActive"] = run.EnqueuedSinceActive,
            ["CompletedAt"] = run.CompletedAt,
        };
        try
        {
            if (run.ETag is null)
            {
                await Campaigns.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await Campaigns.UpdateEntityAsync(entity, new ETag(run.ETag), TableUpdateMode.Replace, cancellationToken);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<PageItem>> NextCitizensAsync(string campaignId, string runId, string after, int take, CancellationToken cancellationToken)
    {
        var from = string.CompareOrdinal(after, CitizenPrefix) < 0 ? CitizenPrefix : after;
        // A sealed run is read from its packs (ADR 0062); a run packed before them, from its rows.
        return await AudiencePacks.NextAsync(Packs, campaignId + "|" + runId, from, take, cancellationToken)
            ?? await NextCitizenRowsAsync(campaignId, runId, from, take, cancellationToken);
    }

    /// <summary>The citizens after <paramref name="after"/> read from the audience rows: a run packed before ADR 0062 (and the bench's comparison).</summary>
    public async Task<IReadOnlyList<PageItem>> NextCitizenRowsAsync(string campaignId, string runId, string after, int take, CancellationToken cancellationToken)
    {
        var from = string.CompareOrdinal(after, CitizenPrefix) < 0 ? CitizenPrefix : after;
        var items = new List<PageItem>(take + QueryPage);
        // Whole query pages (ADR 0058): the rows after the take-th came with it, and the planner keeps them for its next look.
        await foreach (var page in Audience.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {campaignId + "|" + runId} and RowKey gt {from} and RowKey lt {CitizenEnd}"),
            maxPerPage: QueryPage, select: ItemColumns, cancellationToken: cancellationToken).AsPages())
        {
            foreach (var row in page.Values)
            {
                items.Add(Item(row));
            }
            if (items.Count >= take)
            {
                break;
            }
        }
        return items;
    }

    /// <summary>
    /// The most entities one query response holds (learn.microsoft.com/rest/api/storageservices/query-timeout-and-pagination:
    /// at most 1,000 items, fewer with a continuation after five seconds or at a partition boundary; Azurite alike).
    /// </summary>
    private const int QueryPage = 1000;

    public async Task<IReadOnlyList<PageItem>> PageAudienceAsync(string campaignId, string runId, string after, string last, CancellationToken cancellationToken)
    {
        var from = string.CompareOrdinal(after, CitizenPrefix) < 0 ? CitizenPrefix : after;
        var items = new List<PageItem>();
        await foreach (var row in Audience.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {campaignId + "|" + runId} and RowKey gt {from} and RowKey le {last}"),
            select: ItemColumns, cancellationToken: cancellationToken))
        {
            items.Add(Item(row));
        }
        return items;
    }

    private static readonly string[] ItemColumns = ["RowKey", "Language", "Channel", "CvId", "SeenBy", "SeenData"];

    private static PageItem Item(TableEntity row) => new()
    {
        Key = row.RowKey,
        Language = row.GetString("Language"),
        Channel = row.GetString("Channel"),
        CvId = row.GetString("CvId"),
        SeenBy = TableBreachStore.List(row.GetString("SeenBy")),
        SeenCategories = TableBreachStore.List(row.GetString("SeenData")),
    };

    public async Task SavePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken) =>
        await Ledger.UpsertEntityAsync(PageEntity(campaignId, page, withBounds: true), TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// Merges everything but the bounds into the stored record (an erasure may have moved a bound since the message was
    /// cut). The planner writes the record before it sends the page, so a record that is not there was purged by
    /// retention: nothing is written back (a late message must not bring the page's citizen keys back).
    /// </summary>
    public async Task CompletePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken)
    {
        try
        {
            await Ledger.UpdateEntityAsync(PageEntity(campaignId, page, withBounds: false), ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    private static TableEntity PageEntity(string campaignId, PageRecord page, bool withBounds)
    {
        var entity = new TableEntity(PagesPartition(campaignId), PageRow(page.PageNo))
        {
            ["Count"] = page.Count,
            ["Done"] = page.Done,
            ["EnqueuedAt"] = page.EnqueuedAt,
            ["CompletedAt"] = page.CompletedAt,
            ["Delivered"] = page.Delivered,
            ["Failed"] = page.Failed,
            ["ByChannel"] = JsonSerializer.Serialize(page.ByChannel.ToArray(), BreachJson.Default.BreachCountArray),
            ["ByLanguage"] = JsonSerializer.Serialize(page.ByLanguage.ToArray(), BreachJson.Default.BreachCountArray),
            ["Resent"] = page.Resent,
        };
        if (withBounds)
        {
            entity["After"] = page.After;
            entity["Last"] = page.Last;
        }
        return entity;
    }

    /// <summary>
    /// Erasure's change of one bound of a page (<c>After</c> or <c>Last</c>), merged into the record as it is now: the
    /// page may have completed since the erasure read it, and its counts must stay. A record already gone names nobody.
    /// </summary>
    private async Task SavePageBoundAsync(string campaignId, int pageNo, string bound, string value, CancellationToken cancellationToken)
    {
        try
        {
            await Ledger.UpdateEntityAsync(new TableEntity(PagesPartition(campaignId), PageRow(pageNo)) { [bound] = value }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    /// <summary>
    /// Test seam: runs between the erasure's read of the page records and its writes (a test completes a page there, as
    /// a page handler on another instance can).
    /// </summary>
    public Func<Task>? AfterErasureReadsPages { get; init; }

    public Task<IReadOnlyList<PageRecord>> PagesAsync(string campaignId, CancellationToken cancellationToken) =>
        QueryPagesAsync(TableClient.CreateQueryFilter($"PartitionKey eq {PagesPartition(campaignId)}"), cancellationToken);

    /// <summary>
    /// A row-key range of the pages partition: Azure reads only the rows from the page on (a query page per 1,000 of
    /// them); Azurite still scans the ledger table once per query page (ADR 0059), so what the range saves there is query
    /// pages and rows sent.
    /// </summary>
    public Task<IReadOnlyList<PageRecord>> PagesFromAsync(string campaignId, int fromPageNo, CancellationToken cancellationToken) =>
        QueryPagesAsync(TableClient.CreateQueryFilter($"PartitionKey eq {PagesPartition(campaignId)} and RowKey ge {PageRow(fromPageNo)}"), cancellationToken);

    private async Task<IReadOnlyList<PageRecord>> QueryPagesAsync(string filter, CancellationToken cancellationToken)
    {
        var pages = new List<PageRecord>();
        await foreach (var e in Ledger.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            pages.Add(ReadPage(e));
        }
        return pages;
    }

    public async Task<PageRecord?> GetPageAsync(string campaignId, int pageNo, CancellationToken cancellationToken)
    {
        var row = await Ledger.GetEntityIfExistsAsync<TableEntity>(PagesPartition(campaignId), PageRow(pageNo), cancellationToken: cancellationToken);
        return row.HasValue ? ReadPage(row.Value!) : null;
    }

    private static string PageRow(int pageNo) => pageNo.ToString("D6", CultureInfo.InvariantCulture);

    private static PageRecord ReadPage(TableEntity e) => new()
    {
        PageNo = int.Parse(e.RowKey, CultureInfo.InvariantCulture),
        After = e.GetString("After"),
        Last = e.GetString("Last"),
        Count = e.GetInt32("Count")!.Value,
        Done = e.GetBoolean("Done")!.Value,
        EnqueuedAt = e.GetDateTimeOffset("EnqueuedAt")!.Value,
        CompletedAt = e.GetDateTimeOffset("CompletedAt"),
        Delivered = e.GetInt64("Delivered") ?? 0,
        Failed = e.GetInt64("Failed") ?? 0,
        ByChannel = JsonSerializer.Deserialize(e.GetString("ByChannel"), BreachJson.Default.BreachCountArray) ?? [],
        ByLanguage = JsonSerializer.Deserialize(e.GetString("ByLanguage"), BreachJson.Default.BreachCountArray) ?? [],
        // A row written before ADR 0058 does not say whether an earlier message ran: its handler reads the ledger.
        Resent = e.GetBoolean("Resent") ?? true,
    };

    public async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string campaignId, int pageNo, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        await foreach (var e in Ledger.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PagePartition(campaignId, pageNo)}"), cancellationToken: cancellationToken))
        {
            entries.Add(ReadLedgerEntry(e));
        }
        return entries;
    }

    public async Task<IReadOnlyList<LedgerEntry>> LedgerOfCitizenAsync(string campaignId, string registry, string citizenId, CancellationToken cancellationToken)
    {
        var key = CitizenKey(registry, citizenId);
        var entries = new List<LedgerEntry>();
        if (await PagesHoldingAsync(campaignId, key, cancellationToken) is { } partitions)
        {
            foreach (var partition in partitions)
            {
                var row = await Ledger.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken);
                if (row.HasValue)
                {
                    entries.Add(ReadLedgerEntry(row.Value!));
                }
            }
            return entries;
        }
        await foreach (var e in Ledger.QueryAsync<TableEntity>(EveryPageOf(campaignId, key), cancellationToken: cancellationToken))
        {
            entries.Add(ReadLedgerEntry(e));
        }
        return entries;
    }

    private static string CitizenKey(string registry, string citizenId) =>
        TableBreachStore.AudienceRowKey(new AudienceMember { Registry = registry, CitizenId = citizenId, Language = "", Channel = "", ProtectedStatus = "" });

    /// <summary>The citizen's row in every ledger partition of the campaign: one request per partition at least (a query that crosses partitions pages at each boundary).</summary>
    private static string EveryPageOf(string campaignId, string key) =>
        TableClient.CreateQueryFilter($"PartitionKey gt {campaignId + "|"} and PartitionKey lt {campaignId + "}"} and RowKey eq {key}");

    /// <summary>
    /// The ledger partitions that can hold the citizen's row: the pages whose range (After, Last] holds the key, from the
    /// page records alone (one query of the campaign's page rows, about 1 row per 200 letters; a ledger row is written
    /// only for a page recorded before its message, ADR 0056). Null when a page's range is not to be trusted: a bound an
    /// erasure before 2026-12-05 replaced by the registry's prefix ("c|nav|"), which can leave a neighbour outside every
    /// range; the caller then reads every page of the campaign.
    /// </summary>
    private async Task<List<string>?> PagesHoldingAsync(string campaignId, string key, CancellationToken cancellationToken)
    {
        var bounds = new List<(int PageNo, string After, string Last)>();
        await foreach (var page in Ledger.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PagesPartition(campaignId)}"),
            select: ["RowKey", "After", "Last"], cancellationToken: cancellationToken))
        {
            bounds.Add((int.Parse(page.RowKey, CultureInfo.InvariantCulture), page.GetString("After") ?? "", page.GetString("Last") ?? ""));
        }
        return Holding(campaignId, key, bounds);
    }

    /// <summary>The partitions of the pages whose range holds the key; null when a bound is of the old form (<see cref="PagesHoldingAsync"/>).</summary>
    private static List<string>? Holding(string campaignId, string key, IEnumerable<(int PageNo, string After, string Last)> pages)
    {
        var partitions = new List<string>();
        foreach (var (pageNo, after, last) in pages)
        {
            if (IsRegistryPrefix(after) || IsRegistryPrefix(last))
            {
                return null;
            }
            if (string.CompareOrdinal(key, after) > 0 && string.CompareOrdinal(key, last) <= 0)
            {
                partitions.Add(PagePartition(campaignId, pageNo));
            }
        }
        return partitions;
    }

    /// <summary>
    /// "c|{registry}|": what an erasure before 2026-12-05 left in place of an erased citizen's key (an audience key has a
    /// citizen after its second '|'; "c|" alone is where a run starts).
    /// </summary>
    private static bool IsRegistryPrefix(string bound) =>
        bound.Length > CitizenPrefix.Length && bound.StartsWith(CitizenPrefix, StringComparison.Ordinal) && bound.IndexOf('|', CitizenPrefix.Length) == bound.Length - 1;

    private static LedgerEntry ReadLedgerEntry(TableEntity e) => new()
    {
        Key = e.RowKey,
        Status = e.GetString("Status"),
        Channel = e.GetString("Channel"),
        Language = e.GetString("Language"),
        Attempts = e.GetInt32("Attempts") ?? 1,
        Duplicate = e.GetBoolean("Duplicate") ?? false,
        Reason = e.GetString("Reason"),
        At = e.GetDateTimeOffset("At")!.Value,
    };

    public async Task EraseCitizenAsync(string campaignId, string registry, string citizenId, CancellationToken cancellationToken)
    {
        var key = CitizenKey(registry, citizenId);
        // One read of the page records serves the lookup and the bounds below (deleting ledger rows changes no record).
        var pages = await PagesAsync(campaignId, cancellationToken);
        if (AfterErasureReadsPages is { } seam)
        {
            await seam();
        }
        var rows = Holding(campaignId, key, pages.Select(p => (p.PageNo, p.After, p.Last))) is { } partitions
            ? partitions.Select(p => (PartitionKey: p, RowKey: key))
            : await TableErasure.KeysAsync(Ledger, EveryPageOf(campaignId, key), cancellationToken);
        await TableErasure.DeleteAsync(Ledger, rows, cancellationToken);
        // Page ranges and the run's cursor are audience keys. A bound that is the citizen's becomes the nearest key below
        // it that the page's ledger still holds (a citizen the page's records name already), or the page's other bound
        // when none is left: every other citizen's row stays inside its page's range, so the lookup above stays exact.
        string? replacement = null;
        foreach (var page in pages.Where(p => p.Last == key))
        {
            replacement ??= await NearestBelowAsync(campaignId, page, key, cancellationToken);
            await SavePageBoundAsync(campaignId, page.PageNo, "Last", replacement, cancellationToken);
        }
        replacement ??= pages.Any(p => p.After == key) ? BoundBelow(pages, key) : null;
        foreach (var page in pages.Where(p => p.After == key))
        {
            await SavePageBoundAsync(campaignId, page.PageNo, "After", replacement!, cancellationToken);
        }
        if (await GetRunAsync(campaignId, cancellationToken) is { } run && run.Cursor == key)
        {
            await TrySaveRunAsync(run with { Cursor = replacement ?? BoundBelow(pages, key) }, cancellationToken);
        }
    }

    /// <summary>
    /// The greatest ledger key below <paramref name="key"/> in the page that ends with it (one range query of that page's
    /// partition, at most a page of rows), else that page's lower bound.
    /// </summary>
    private async Task<string> NearestBelowAsync(string campaignId, PageRecord page, string key, CancellationToken cancellationToken)
    {
        var nearest = page.After;
        await foreach (var row in Ledger.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {PagePartition(campaignId, page.PageNo)} and RowKey gt {page.After} and RowKey lt {key}"),
            select: ["RowKey"], cancellationToken: cancellationToken))
        {
            nearest = row.RowKey;
        }
        return nearest;
    }

    /// <summary>With no page that ends with the key: the greatest page bound below it (the previous page's end), else the start of the audience.</summary>
    private static string BoundBelow(IReadOnlyList<PageRecord> pages, string key) =>
        pages.SelectMany(p => new[] { p.After, p.Last }).Where(b => string.CompareOrdinal(b, key) < 0).Max(StringComparer.Ordinal) ?? "";

    public async Task WriteLedgerAsync(string campaignId, int pageNo, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var partition = PagePartition(campaignId, pageNo);
        await Task.WhenAll(entries.Chunk(100).Select(chunk => Ledger.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            new TableEntity(partition, e.Key)
            {
                ["Status"] = e.Status,
                ["Channel"] = e.Channel,
                ["Language"] = e.Language,
                ["Attempts"] = e.Attempts,
                ["Duplicate"] = e.Duplicate,
                ["Reason"] = e.Reason,
                ["At"] = e.At,
            })), cancellationToken)));
    }

    /// <summary>The campaign-partition row that says retention has purged the campaign's citizen rows.</summary>
    private const string PurgedRow = "retention-purged";

    public async Task<bool> IsPurgedAsync(string campaignId, CancellationToken cancellationToken) =>
        (await Campaigns.GetEntityIfExistsAsync<TableEntity>(campaignId, PurgedRow, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;

    /// <summary>
    /// Retention, once the campaign's report is final: deletes every row that names a citizen (the delivery ledger's
    /// pages and citizens, each dry run's audience and its packs, the uploaded ids) in 100-row, one-partition transactions, at most
    /// <paramref name="maxBatches"/>; the campaign, its letters, run and audit stay (GDPR art. 33(5) documentation,
    /// no citizen in them). Marks the campaign purged when nothing is left.
    /// </summary>
    public async Task<(long Rows, int Batches, bool Done)> PurgeCitizenRowsAsync(string campaignId, int maxBatches, CancellationToken cancellationToken)
    {
        var ofCampaign = TableClient.CreateQueryFilter($"PartitionKey ge {campaignId + "|"} and PartitionKey lt {campaignId + "}"}");
        (TableClient Table, string Filter)[] stores =
        [
            (Ledger, ofCampaign),
            (Audience, ofCampaign),
            (Packs, ofCampaign),
            (Campaigns, TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {"citizens|"} and RowKey lt {"citizens}"}")),
        ];
        long rows = 0;
        var batches = 0;
        foreach (var (table, filter) in stores)
        {
            while (batches < maxBatches)
            {
                var keys = new List<(string Partition, string Row)>(BatchDelete.MaxBatch);
                await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: BatchDelete.MaxBatch, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
                {
                    keys.Add((row.PartitionKey, row.RowKey));
                    if (keys.Count == BatchDelete.MaxBatch)
                    {
                        break;
                    }
                }
                if (keys.Count == 0)
                {
                    break;
                }
                foreach (var partition in keys.GroupBy(k => k.Partition, StringComparer.Ordinal))
                {
                    await BatchDelete.DeleteAsync(table, partition.Key, [.. partition.Select(k => k.Row)], cancellationToken);
                    batches++;
                }
                rows += keys.Count;
            }
        }
        var done = batches < maxBatches;
        if (done)
        {
            await Campaigns.UpsertEntityAsync(new TableEntity(campaignId, PurgedRow), TableUpdateMode.Replace, cancellationToken);
        }
        return (rows, batches, done);
    }
}
