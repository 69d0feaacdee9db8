using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Breach;

namespace IntegrationHub.Storage.Breach;

/// <summary>
/// A dry run's citizens packed for the fan-out (ADR 0062): table "BreachAudiencePacks", the audience's partition
/// ("{campaignId}|{runId}"), a row per run of consecutive citizens keyed by the last one's audience row key, holding
/// their <see cref="PageItem"/>s as one JSON array of at most <see cref="MaxPackBytes"/>; and the row
/// <see cref="SealRow"/>, written with the last packs, which says the run is packed whole. The planner reads a few
/// dozen packs where it read thousands of rows; the per-citizen rows in "BreachAudience" stay what erasure, the
/// citizen's copy and the counts read.
/// </summary>
internal static class AudiencePacks
{
    /// <summary>The JSON of one pack, under a string property's 32K characters (64 KiB) with room to spare; ASCII, as the source-generated writer escapes the rest.</summary>
    public const int MaxPackBytes = 30_000;

    /// <summary>After every citizen key ("c|..."): the row that says the run's packs are all written.</summary>
    public const string SealRow = "~";

    private const string ItemsColumn = "Items";

    /// <summary>Packs per transaction: well under the 4 MiB a batch may carry (learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions).</summary>
    private const int PacksPerTransaction = 50;

    /// <summary>Writes <paramref name="members"/> (citizens, in key order, following those written before) as packs; with <paramref name="seal"/> the run's seal too.</summary>
    public static async Task WriteAsync(TableClient packs, string partition, IEnumerable<(string Key, AudienceMember Member)> members, bool seal, int maxPackBytes, CancellationToken cancellationToken)
    {
        var entities = Pack(partition, members, maxPackBytes);
        if (seal)
        {
            entities.Add(new TableEntity(partition, SealRow));
        }
        foreach (var chunk in entities.Chunk(PacksPerTransaction))
        {
            await packs.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }
    }

    private static List<TableEntity> Pack(string partition, IEnumerable<(string Key, AudienceMember Member)> members, int maxPackBytes)
    {
        var entities = new List<TableEntity>();
        var json = new List<byte[]>();
        var bytes = 2;
        string? last = null;
        foreach (var (key, member) in members)
        {
            if (last is not null && string.CompareOrdinal(key, last) <= 0)
            {
                throw new ArgumentException("Audience members are packed in key order, each once.", nameof(members));
            }
            var item = JsonSerializer.SerializeToUtf8Bytes(PageItem.From(key, member), BreachJson.Default.PageItem);
            if (json.Count > 0 && bytes + 1 + item.Length > maxPackBytes)
            {
                entities.Add(Entity(partition, last!, json));
                json.Clear();
                bytes = 2;
            }
            json.Add(item);
            bytes += item.Length + 1;
            last = key;
        }
        if (json.Count > 0)
        {
            entities.Add(Entity(partition, last!, json));
        }
        return entities;
    }

    private static TableEntity Entity(string partition, string lastKey, List<byte[]> items) =>
        new(partition, lastKey) { [ItemsColumn] = Join(items) };

    private static string Join(IReadOnlyList<byte[]> items)
    {
        var text = new StringBuilder(items.Sum(i => i.Length + 1) + 1).Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(Encoding.UTF8.GetString(items[i]));
        }
        return text.Append(']').ToString();
    }

    private static PageItem[] Items(TableEntity pack) =>
        JsonSerializer.Deserialize(pack.GetString(ItemsColumn) ?? "[]", BreachJson.Default.PageItemArray) ?? [];

    /// <summary>
    /// The citizens after <paramref name="after"/>, at least <paramref name="take"/> unless the audience ends first, read
    /// from the packs whose last key follows it; null when the run has no packs (a dry run before ADR 0062), or packs that
    /// end without the seal: the caller reads the rows. Only a summarized run is planned, and a dry run is summarized
    /// after its seal, so a planned run's packs are whole.
    /// </summary>
    public static async Task<IReadOnlyList<PageItem>?> NextAsync(TableClient packs, string partition, string after, int take, CancellationToken cancellationToken)
    {
        var items = new List<PageItem>(take + 256);
        var sealedRun = false;
        // About 100 citizens a pack at the least (a pack is 30,000 bytes of items of up to about 300): one response.
        var perPage = Math.Clamp(take / 100 + 2, 2, 1000);
        await foreach (var page in packs.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after}"), maxPerPage: perPage, cancellationToken: cancellationToken).AsPages())
        {
            foreach (var pack in page.Values)
            {
                if (pack.RowKey == SealRow)
                {
                    sealedRun = true;
                    continue;
                }
                items.AddRange(Items(pack).Where(i => string.CompareOrdinal(i.Key, after) > 0));
            }
            if (sealedRun || items.Count >= take)
            {
                // Packs are read whole: more than take comes back, which the planner keeps for its next look (ADR 0058).
                return items;
            }
        }
        // Every pack read and no seal: no packs, or a packing that stopped (a sealed run always ends in its seal).
        return sealedRun ? items : null;
    }

    /// <summary>
    /// Erasure: takes the citizen's key out of its pack in the partition (the pack whose last key is the first at or
    /// after it); a pack left empty goes, one whose last citizen went is keyed by the new last in the same transaction.
    /// Written under the pack's ETag and read again on a conflict; idempotent.
    /// </summary>
    public static async Task RemoveAsync(TableClient packs, string partition, string key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            TableEntity? pack = null;
            await foreach (var page in packs.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {key} and RowKey lt {SealRow}"), maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
            {
                pack = page.Values.Count > 0 ? page.Values[0] : null;
                if (pack is not null || page.ContinuationToken is null)
                {
                    break;
                }
            }
            if (pack is null)
            {
                return;
            }
            var items = Items(pack);
            var kept = items.Where(i => !string.Equals(i.Key, key, StringComparison.Ordinal)).ToArray();
            if (kept.Length == items.Length)
            {
                return;
            }
            try
            {
                await RewriteAsync(packs, pack, kept, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (attempt < 5 && e.Status is 409 or 412)
            {
                // Another erasure rewrote the pack meanwhile: read it again.
            }
        }
    }

    private static async Task RewriteAsync(TableClient packs, TableEntity pack, PageItem[] kept, CancellationToken cancellationToken)
    {
        if (kept.Length == 0)
        {
            await packs.DeleteEntityAsync(pack.PartitionKey, pack.RowKey, pack.ETag, cancellationToken);
            return;
        }
        var json = Join([.. kept.Select(i => JsonSerializer.SerializeToUtf8Bytes(i, BreachJson.Default.PageItem))]);
        if (kept[^1].Key == pack.RowKey)
        {
            await packs.UpdateEntityAsync(new TableEntity(pack.PartitionKey, pack.RowKey) { [ItemsColumn] = json }, pack.ETag, TableUpdateMode.Replace, cancellationToken);
            return;
        }
        await packs.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pack.PartitionKey, pack.RowKey), pack.ETag),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(pack.PartitionKey, kept[^1].Key) { [ItemsColumn] = json }),
        ], cancellationToken);
    }
}
