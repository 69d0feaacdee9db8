using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.Storage.Breach;

/// <summary>
/// Table "Breaches", one partition per campaign: the campaign ("campaign"), one row per letter ("letter|{language}")
/// and the uploaded citizen ids in chunks ("citizens|{n:D5}"), created in one transaction. Table "BreachAudience", one
/// partition per dry run ("{campaignId}|{runId}"), a row per citizen ("c|{registry}|{citizenId}", with who read the CV
/// and what the reads held) or unresolved CV ("v|{registry}|{cvId}"), upserted in 100-row batches so a citizen found twice stays one row.
/// </summary>
public sealed class TableBreachStore(HubStorage storage) : IBreachStore
{
    private const string CampaignRow = "campaign";

    /// <summary>The prefixes of the per-language columns: "LikelyConsequences_nb", "MeasuresTaken_da".</summary>
    private const string ConsequencesColumn = "LikelyConsequences_";

    private const string MeasuresColumn = "MeasuresTaken_";

    /// <summary>Ids per chunk row: 200 ids of at most 128 characters stay under a property's 64 KiB.</summary>
    public const int CitizenChunk = 200;

    private TableClient Campaigns => storage.Table(BreachTables.BreachesTable);

    private TableClient Audience => storage.Table(BreachTables.BreachAudienceTable);

    private TableClient Packs => storage.Table(BreachTables.BreachAudiencePacksTable);

    /// <summary>The most JSON one pack holds (ADR 0062); tests set it small to get many packs from few citizens.</summary>
    public int MaxPackBytes { get; init; } = AudiencePacks.MaxPackBytes;

    public async Task CreateAsync(BreachDraft draft, CancellationToken cancellationToken)
    {
        var id = draft.Campaign.Id;
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Add, CampaignEntity(draft.Campaign))];
        actions.AddRange(draft.Letters.Select(l => new TableTransactionAction(TableTransactionActionType.Add,
            new TableEntity(id, "letter|" + l.Key) { ["Subject"] = l.Value.Subject, ["Body"] = l.Value.Body })));
        actions.AddRange(draft.CitizenIds.Chunk(CitizenChunk).Select((chunk, i) => new TableTransactionAction(TableTransactionActionType.Add,
            new TableEntity(id, $"citizens|{i:D5}") { ["Ids"] = JsonSerializer.Serialize(chunk, BreachJson.Default.StringArray) })));
        await Campaigns.SubmitTransactionAsync(actions, cancellationToken);
    }

    public async Task<BreachCampaign?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!HubIds.IsRandomId(id))
        {
            return null;
        }
        var row = await Campaigns.GetEntityIfExistsAsync<TableEntity>(id, CampaignRow, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<IReadOnlyList<BreachCampaign>> ListAsync(CancellationToken cancellationToken)
    {
        var campaigns = new List<BreachCampaign>();
        await foreach (var row in Campaigns.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {CampaignRow}"), cancellationToken: cancellationToken))
        {
            campaigns.Add(Read(row));
        }
        return [.. campaigns.OrderByDescending(c => c.CreatedAt)];
    }

    public async Task<bool> TryUpdateAsync(BreachCampaign campaign, CancellationToken cancellationToken)
    {
        try
        {
            await Campaigns.UpdateEntityAsync(CampaignEntity(campaign), new ETag(campaign.ETag!), TableUpdateMode.Replace, cancellationToken);
            storage.Signals.BreachCampaigns.Signal();
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyDictionary<string, BreachLetter>> LettersAsync(string id, CancellationToken cancellationToken)
    {
        var letters = new Dictionary<string, BreachLetter>(StringComparer.Ordinal);
        await foreach (var row in Campaigns.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {"letter|"} and RowKey lt {"letter}"}"), cancellationToken: cancellationToken))
        {
            letters[row.RowKey["letter|".Length..]] = new BreachLetter(row.GetString("Subject"), row.GetString("Body"));
        }
        return letters;
    }

    public async IAsyncEnumerable<IReadOnlyList<string>> CitizenIdsAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Campaigns.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {"citizens|"} and RowKey lt {"citizens}"}"), cancellationToken: cancellationToken))
        {
            yield return JsonSerializer.Deserialize(row.GetString("Ids"), BreachJson.Default.StringArray)!;
        }
    }

    public async Task WriteAudienceAsync(string id, string runId, IReadOnlyList<AudienceMember> members, CancellationToken cancellationToken)
    {
        var partition = id + "|" + runId;
        var rows = members.Select(m => AudienceEntity(partition, m)).DistinctBy(e => e.RowKey, StringComparer.Ordinal);
        await Task.WhenAll(rows.Chunk(100).Select(chunk => Audience.SubmitTransactionAsync(
            chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken)));
    }

    public Task WriteAudiencePacksAsync(string id, string runId, IReadOnlyList<AudienceMember> members, bool complete, CancellationToken cancellationToken) =>
        AudiencePacks.WriteAsync(Packs, id + "|" + runId, members.Where(m => m.CitizenId is not null).Select(m => (AudienceRowKey(m), m)), complete, MaxPackBytes, cancellationToken);

    public async IAsyncEnumerable<AudienceMember> AudienceAsync(string id, string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Audience.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id + "|" + runId}"), cancellationToken: cancellationToken))
        {
            yield return new AudienceMember
            {
                Registry = row.GetString("Registry"),
                CitizenId = row.GetString("CitizenId"),
                CvId = row.GetString("CvId"),
                Language = row.GetString("Language"),
                Channel = row.GetString("Channel"),
                ProtectedStatus = row.GetString("ProtectedStatus"),
                SeenBy = List(row.GetString("SeenBy")),
                SeenCategories = List(row.GetString("SeenData")),
            };
        }
    }

    public async Task<bool> HoldsCitizenAsync(string id, string registry, string citizenId, CancellationToken cancellationToken)
    {
        if ((await AudienceRowsAsync(id, registry, citizenId, cancellationToken)).Count > 0)
        {
            return true;
        }
        await foreach (var chunk in CitizenIdsAsync(id, cancellationToken))
        {
            if (chunk.Contains(citizenId, StringComparer.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public async Task EraseCitizenAsync(string id, string registry, string citizenId, CancellationToken cancellationToken)
    {
        var rows = await AudienceRowsAsync(id, registry, citizenId, cancellationToken);
        // Out of the packs first: a crash before the rows go leaves rows that find the packs again (ADR 0062).
        foreach (var (partition, key) in rows)
        {
            await AudiencePacks.RemoveAsync(Packs, partition, key, cancellationToken);
        }
        await TableErasure.DeleteAsync(Audience, rows, cancellationToken);
        // The uploaded list: the chunk that names the citizen is written again without them.
        await foreach (var row in Campaigns.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {"citizens|"} and RowKey lt {"citizens}"}"), cancellationToken: cancellationToken))
        {
            var ids = JsonSerializer.Deserialize(row.GetString("Ids"), BreachJson.Default.StringArray)!;
            if (ids.Contains(citizenId, StringComparer.Ordinal))
            {
                row["Ids"] = JsonSerializer.Serialize(ids.Where(i => !string.Equals(i, citizenId, StringComparison.Ordinal)).ToArray(), BreachJson.Default.StringArray);
                await Campaigns.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }
        }
    }

    /// <summary>The citizen's audience rows in every dry run of the campaign (a partition per run).</summary>
    private async Task<List<(string PartitionKey, string RowKey)>> AudienceRowsAsync(string id, string registry, string citizenId, CancellationToken cancellationToken)
    {
        var key = AudienceRowKey(new AudienceMember { Registry = registry, CitizenId = citizenId, Language = "", Channel = "", ProtectedStatus = "" });
        return await TableErasure.KeysAsync(Audience,
            TableClient.CreateQueryFilter($"PartitionKey gt {id + "|"} and PartitionKey lt {id + "}"} and RowKey eq {key}"), cancellationToken);
    }

    /// <summary>The audience row key: registry and citizen (or, unresolved, the CV), escaped for the characters row keys refuse.</summary>
    public static string AudienceRowKey(AudienceMember member) => member.CitizenId is { } citizen
        ? "c|" + member.Registry + "|" + Uri.EscapeDataString(citizen)
        : "v|" + member.Registry + "|" + member.CvId;

    private static TableEntity AudienceEntity(string partition, AudienceMember m) => new(partition, AudienceRowKey(m))
    {
        ["Registry"] = m.Registry,
        ["CitizenId"] = m.CitizenId,
        ["CvId"] = m.CvId,
        ["Language"] = m.Language,
        ["Channel"] = m.Channel,
        ["ProtectedStatus"] = m.ProtectedStatus,
        // Absent: not looked up; "[]": nobody read the CV.
        ["SeenBy"] = m.SeenBy is { } seenBy ? JsonSerializer.Serialize(seenBy.ToArray(), BreachJson.Default.StringArray) : null,
        ["SeenData"] = m.SeenCategories is { } data ? JsonSerializer.Serialize(data.ToArray(), BreachJson.Default.StringArray) : null,
    };

    /// <summary>A JSON string list column (SeenBy, SeenData), or null when absent.</summary>
    public static IReadOnlyList<string>? List(string? column) =>
        column is { Length: > 0 } ? JsonSerializer.Deserialize(column, BreachJson.Default.StringArray) : null;

    /// <remarks>
    /// The long texts (up to 4,000 characters each by the schema) have columns of their own: inside the JSON column
    /// every non-ASCII character is escaped to six, so three texts in Danish or Norwegian overflowed the 32K characters
    /// a property holds (issue 15's breach-draft 500). The per-language consequences and measures (ADR 0034 update) take
    /// a column per language for the same reason ("LikelyConsequences_nb", "MeasuresTaken_da"): five languages in one
    /// column would overflow again. A row written before keeps them in the JSON (oldest) or in the two plain columns,
    /// and still reads: as one text, which approval accepts only for letters in one language.
    /// </remarks>
    private static TableEntity CampaignEntity(BreachCampaign campaign)
    {
        var entity = new TableEntity(campaign.Id, CampaignRow)
        {
            ["Campaign"] = JsonSerializer.Serialize(campaign with
            {
                ETag = null, Description = "", LikelyConsequences = null, MeasuresTaken = null, LikelyConsequencesByLanguage = null, MeasuresTakenByLanguage = null,
            }, BreachJson.Default.BreachCampaign),
            ["Description"] = campaign.Description,
            ["LikelyConsequences"] = campaign.LikelyConsequences,
            ["MeasuresTaken"] = campaign.MeasuresTaken,
            ["Status"] = campaign.Status,
        };
        foreach (var (language, text) in campaign.LikelyConsequencesByLanguage ?? new Dictionary<string, string>())
        {
            entity[ConsequencesColumn + language] = text;
        }
        foreach (var (language, text) in campaign.MeasuresTakenByLanguage ?? new Dictionary<string, string>())
        {
            entity[MeasuresColumn + language] = text;
        }
        return entity;
    }

    private static BreachCampaign Read(TableEntity row)
    {
        var campaign = JsonSerializer.Deserialize(row.GetString("Campaign"), BreachJson.Default.BreachCampaign)! with { ETag = row.ETag.ToString() };
        return row.ContainsKey("Description")
            ? campaign with
            {
                Description = row.GetString("Description"),
                LikelyConsequences = row.GetString("LikelyConsequences"),
                MeasuresTaken = row.GetString("MeasuresTaken"),
                LikelyConsequencesByLanguage = ByLanguage(row, ConsequencesColumn),
                MeasuresTakenByLanguage = ByLanguage(row, MeasuresColumn),
            }
            : campaign;
    }

    /// <summary>The per-language columns with <paramref name="prefix"/>, or null when the row has none (one text, or a row written before).</summary>
    private static Dictionary<string, string>? ByLanguage(TableEntity row, string prefix)
    {
        var texts = row.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(k => k[prefix.Length..], k => row.GetString(k), StringComparer.Ordinal);
        return texts.Count > 0 ? texts : null;
    }
}
