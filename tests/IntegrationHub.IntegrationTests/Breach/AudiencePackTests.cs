using Azure.Data.Tables;
using IntegrationHub.Core.Breach;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.IntegrationTests.Breach;

/// <summary>
/// A dry run's citizens packed for the planner (ADR 0062) on Azurite, requests counted: the planner's reads come from a
/// few pack rows and give exactly what the audience rows give from any cursor; a run without its seal is read from its
/// rows; an erasure takes the citizen out of its pack (inside it, at its end, and the last one left).
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class AudiencePackTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Campaign = "audience-packs";
    private const int Citizens = 300;

    private HubStorage _storage = null!;
    private TableBreachStore _campaigns = null!;
    private TableBreachDeliveryStore _delivery = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestStorage.CreateAsync(azurite, countRequests: true);
        // About 12 citizens a pack: 25 packs from 300 citizens.
        _campaigns = new TableBreachStore(_storage) { MaxPackBytes = 1_500 };
        _delivery = new TableBreachDeliveryStore(_storage);
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Packed_FromAnyCursor_GivesWhatTheRowsGive_FromThePacksAlone()
    {
        // Arrange: the audience in two packing calls, as the dry run's counting pass makes them.
        var members = await WriteAsync("run", seal: true);
        var keys = members.Select(TableBreachStore.AudienceRowKey).ToList();

        // Act & Assert: from the start, a citizen's own key, a key between two citizens, the last key.
        foreach (var cursor in new[] { "", keys[0], keys[137], keys[137] + "0", keys[^2], keys[^1] })
        {
            var before = _storage.Requests!.All.Snapshot();
            var packed = await ReadAllAsync("run", cursor, take: 40, packed: true);
            var made = _storage.Requests.All.Snapshot() - before;
            var rows = await ReadAllAsync("run", cursor, take: 40, packed: false);

            Assert.Equal(rows.Select(Describe), packed.Select(Describe));
            Assert.Equal(keys.Where(k => string.CompareOrdinal(k, cursor) > 0), packed.Select(i => i.Key));
            Assert.Equal(0, made.Calls.GetValueOrDefault("Table GET BreachAudience (query)"));
            // 300 citizens in looks of 40 from packs of about 12: two requests a look at most, and the last empty look.
            Assert.InRange(made.Calls.GetValueOrDefault("Table GET BreachAudiencePacks (query)"), 1, 20);
        }
    }

    [Fact]
    public async Task Unsealed_OrNeverPacked_TheRowsAreRead()
    {
        // Arrange: one run never packed (a dry run before ADR 0062), one packed but not sealed (a dry run that stopped
        // packing: never summarized, so never planned; read to the end of its packs, it is read from its rows).
        var members = await WriteAsync("unsealed", seal: false);
        await _campaigns.WriteAudienceAsync(Campaign, "unpacked", members, CancellationToken.None);

        foreach (var run in new[] { "unsealed", "unpacked" })
        {
            // Act
            var before = _storage.Requests!.All.Snapshot();
            var items = await _delivery.NextCitizensAsync(Campaign, run, "", Citizens + 1, CancellationToken.None);
            var made = _storage.Requests.All.Snapshot() - before;

            // Assert
            Assert.Equal(members.Select(TableBreachStore.AudienceRowKey), items.Select(i => i.Key));
            Assert.Equal(1, made.Calls.GetValueOrDefault("Table GET BreachAudience (query)"));
        }
    }

    [Fact]
    public async Task Erase_InsideAPack_AtItsEnd_AndTheLastOneLeft_TheCitizenLeavesItsPack_TheOthersStay()
    {
        // Arrange
        var members = await WriteAsync("run", seal: true);
        var packs = await PacksAsync();
        var first = packs[0];
        // Inside the second pack, at its end (its row key), and every citizen of the first pack (the pack goes).
        var erased = new List<string> { Citizen(packs[1].Items[1]), Citizen(packs[1].Items[^1]) };
        erased.AddRange(first.Items.Select(Citizen));

        // Act
        foreach (var citizen in erased)
        {
            await _campaigns.EraseCitizenAsync(Campaign, "nav", citizen, CancellationToken.None);
        }
        await _campaigns.EraseCitizenAsync(Campaign, "nav", erased[0], CancellationToken.None);

        // Assert: no pack names an erased citizen, in its key or its items; everyone else is read as before.
        var after = await PacksAsync();
        var erasedKeys = erased.Select(c => TableBreachStore.AudienceRowKey(Member(c))).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(after, p => erasedKeys.Contains(p.RowKey) || p.Items.Any(erasedKeys.Contains));
        Assert.DoesNotContain(after, p => p.RowKey == first.RowKey);
        Assert.All(after, p => Assert.Equal(p.Items[^1], p.RowKey));
        var kept = members.Select(TableBreachStore.AudienceRowKey).Where(k => !erasedKeys.Contains(k));
        Assert.Equal(kept, (await ReadAllAsync("run", "", take: 50, packed: true)).Select(i => i.Key));
        Assert.Equal(kept, (await ReadAllAsync("run", "", take: 50, packed: false)).Select(i => i.Key));
    }

    private static AudienceMember Member(string citizen) => new()
    {
        Registry = "nav",
        CitizenId = citizen,
        CvId = "cv-" + citizen,
        Language = citizen.EndsWith('7') ? "en" : "nb",
        Channel = citizen.EndsWith('3') ? BreachChannels.Secure : "digital-mailbox",
        ProtectedStatus = ProtectedStatuses.NotProtected,
        SeenBy = citizen.EndsWith('5') ? ["employer-1", "employer-2"] : null,
        SeenCategories = citizen.EndsWith('5') ? ["contact"] : null,
    };

    private static string Citizen(string key) => new PageItem { Key = key, Language = "", Channel = "" }.CitizenId;

    private static string Describe(PageItem i) =>
        $"{i.Key} {i.Language} {i.Channel} {i.CvId} {string.Join(',', i.SeenBy ?? [])} {string.Join(',', i.SeenCategories ?? [])}";

    /// <summary>The audience rows, then the packs in two calls in key order (the dry run's pass); sealed or not.</summary>
    private async Task<List<AudienceMember>> WriteAsync(string run, bool seal)
    {
        // Ids with a character a row key refuses ("/"), escaped in the key.
        var members = Enumerable.Range(0, Citizens).Select(i => Member($"{i:D5}{(i % 50 == 0 ? "/x" : "")}"))
            .OrderBy(TableBreachStore.AudienceRowKey, StringComparer.Ordinal).ToList();
        await _campaigns.WriteAudienceAsync(Campaign, run, members, CancellationToken.None);
        await _campaigns.WriteAudiencePacksAsync(Campaign, run, members[..170], complete: false, CancellationToken.None);
        await _campaigns.WriteAudiencePacksAsync(Campaign, run, members[170..], complete: seal, CancellationToken.None);
        return members;
    }

    private async Task<List<PageItem>> ReadAllAsync(string run, string cursor, int take, bool packed)
    {
        var items = new List<PageItem>();
        while (true)
        {
            var next = packed
                ? await _delivery.NextCitizensAsync(Campaign, run, cursor, take, CancellationToken.None)
                : await _delivery.NextCitizenRowsAsync(Campaign, run, cursor, take, CancellationToken.None);
            if (next.Count == 0)
            {
                return items;
            }
            Assert.True(next.Count >= take || (await _delivery.NextCitizensAsync(Campaign, run, next[^1].Key, take, CancellationToken.None)).Count == 0);
            items.AddRange(next);
            cursor = next[^1].Key;
        }
    }

    /// <summary>The run's packs as stored: row key and the keys of their items.</summary>
    private async Task<List<(string RowKey, string[] Items)>> PacksAsync()
    {
        var packs = new List<(string, string[])>();
        await foreach (var row in _storage.Table(BreachTables.BreachAudiencePacksTable).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Campaign + "|run"} and RowKey lt {"~"}")))
        {
            var items = System.Text.Json.JsonSerializer.Deserialize(row.GetString("Items"), BreachJson.Default.PageItemArray)!;
            packs.Add((row.RowKey, [.. items.Select(i => i.Key)]));
        }
        return packs;
    }
}
