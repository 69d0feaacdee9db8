using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using Xunit.Abstractions;

namespace IntegrationHub.IntegrationTests.Breach;

/// <summary>
/// The fan-out end to end over the dev host, delivering to a fake registry endpoint on loopback: exactly once through a
/// host crash (the endpoint counts distinct keys and the repeats the key absorbed), pause and resume, the secure
/// channel and address-free letters for protected citizens, and a registry that fails every call.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BreachDeliveryTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Alice = "0b7a3c6e-0000-4000-8000-00000000a11c";
    private const string Bob = "0b7a3c6e-0000-4000-8000-0000000000b0";
    private const int Patience = 150;

    private FakeRegistryDelivery _registry = null!;
    private readonly List<HubTestHost> _hosts = [];

    public async Task InitializeAsync() => _registry = await FakeRegistryDelivery.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        await _registry.DisposeAsync();
    }

    private async Task<HubTestHost> StartHost(Dictionary<string, string?>? extra = null, string? prefix = null)
    {
        var settings = _registry.Settings("nav");
        settings["Hub:Breach:PageSize"] = "50";
        settings["Hub:Breach:StalePageSeconds"] = "10";
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        if (prefix is not null)
        {
            settings["Hub:Storage:NamePrefix"] = prefix;
        }
        var host = await HubTestHost.StartAsync(azurite, settings);
        _hosts.Add(host);
        return host;
    }

    private static HttpClient Person(HubTestHost host, string userObjectId) =>
        host.Client(host.Entra.Mint([HubRoles.BreachManage], HubTestHost.PrivacyConsoleClient, userObjectId: userObjectId));

    private static JsonObject Draft(JsonNode selector, int? ratePerMinute = null) => new()
    {
        ["title"] = "Test breach",
        ["description"] = "CVs were shown where they should not have been.",
        ["detectedAt"] = CitizenEvents.Time(DateTimeOffset.UtcNow),
        ["window"] = new JsonObject { ["from"] = CitizenEvents.Time(DateTimeOffset.UtcNow.AddHours(-1)), ["to"] = CitizenEvents.Time(DateTimeOffset.UtcNow.AddHours(1)) },
        ["dataCategories"] = new JsonArray("cv-text"),
        ["measuresTaken"] = "Access closed.",
        ["selector"] = selector,
        ["letters"] = new JsonObject
        {
            ["fallback"] = "en",
            ["nb"] = new JsonObject { ["subject"] = "Om CV-en din", ["body"] = "{{organisation}} så {{exposed}} mellom {{from}} og {{to}}. {{measures}}" },
            ["en"] = new JsonObject { ["subject"] = "About your CV", ["body"] = "{{organisation}} saw {{exposed}} between {{from}} and {{to}}. {{measures}}" },
        },
        ["channelPolicy"] = ratePerMinute is { } rate
            ? new JsonObject { ["channels"] = new JsonArray("digital-mailbox", "paper"), ["ratePerMinute"] = rate }
            : new JsonObject { ["channels"] = new JsonArray("digital-mailbox", "paper") },
    };

    private static async Task<JsonObject> Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Creates, counts, approves (Alice) and starts (Bob) a campaign.</summary>
    private static async Task<string> Started(HubTestHost host, JsonObject draft)
    {
        var (alice, bob) = (Person(host, Alice), Person(host, Bob));
        var id = (await Ok(await alice.PostAsync("api/breaches", CvSamples.Json(draft))))["id"]!.GetValue<string>();
        await BreachCampaignTests.CountedAsync(alice, id);
        await Ok(await alice.PostAsync($"api/breaches/{id}/approve", null));
        await Ok(await bob.PostAsync($"api/breaches/{id}/start", null));
        return id;
    }

    private static async Task<JsonObject> Get(HubTestHost host, string id) => await Ok(await Person(host, Alice).GetAsync($"api/breaches/{id}"));

    private static async Task<JsonObject> Completed(HubTestHost host, string id)
    {
        JsonObject? campaign = null;
        await StorageProbe.Eventually(async () => (campaign = await Get(host, id))["status"]!.GetValue<string>() == "completed", "the campaign to complete", Patience);
        return campaign!;
    }

    private static List<string> Citizens(int count) => [.. Enumerable.Range(0, count).Select(i => $"crash-{i:D5}-{Guid.NewGuid().ToString("N")[..6]}")];

    private static JsonObject ListSelector(IEnumerable<string> citizens) =>
        new() { ["kind"] = "citizens", ["registry"] = "nav", ["citizenIds"] = new JsonArray([.. citizens.Select(c => (JsonNode)c)]) };

    [Fact]
    public async Task Campaign_HostKilledMidway_CompletesOnRestartWithEveryCitizenDeliveredOnce()
    {
        // Arrange: 3,000 citizens; the registry takes 40 ms a letter, so the first host is stopped with calls in flight.
        var citizens = Citizens(3000);
        _registry.Latency = TimeSpan.FromMilliseconds(40);
        var first = await StartHost();
        var id = await Started(first, Draft(ListSelector(citizens)));
        await StorageProbe.Eventually(() => Task.FromResult(_registry.Delivered.Count >= 600), "some letters to go out", Patience);

        // Act: kill the host mid-campaign and start a new one on the same storage.
        var prefix = first.Prefix;
        await first.DisposeAsync();
        _hosts.Remove(first);
        var deliveredAtCrash = _registry.Delivered.Count;
        var second = await StartHost(prefix: prefix);
        var campaign = await Completed(second, id);

        // Assert: every key once at the registry; the repeats the key absorbed are what a hub without it would have sent twice.
        output.WriteLine($"delivered at crash {deliveredAtCrash}; requests {_registry.Requests}; distinct keys {_registry.Delivered.Count}; duplicates absorbed by the key {_registry.Duplicates}");
        Assert.True(deliveredAtCrash < citizens.Count, "the host was killed after the campaign had finished");
        Assert.Equal(citizens.Select(c => id + ":" + c).ToHashSet(), _registry.Delivered.Keys.ToHashSet());
        var progress = campaign["progress"]!;
        Assert.Equal((3000L, 3000L, 0L, 0L, 100), (progress["total"]!.GetValue<long>(), progress["delivered"]!.GetValue<long>(), progress["failed"]!.GetValue<long>(),
            progress["queued"]!.GetValue<long>(), progress["percent"]!.GetValue<int>()));
        Assert.NotNull(progress["completedAt"]);
        var ledger = (await new StorageProbe(azurite.ConnectionString, prefix).EntitiesAsync(StorageNames.BreachLedgerTable))
            .Where(e => e.PartitionKey.StartsWith(id + "|", StringComparison.Ordinal) && !e.PartitionKey.EndsWith("|pages", StringComparison.Ordinal)).ToList();
        Assert.Equal(3000, ledger.Count);
        Assert.All(ledger, e => Assert.Equal("delivered", e.GetString("Status")));
    }

    [Fact]
    public async Task Campaign_PausedAndResumed_SendsNothingWhilePaused_AndNoCitizenTwice()
    {
        // Arrange: 600 citizens at 2,400 letters a minute, so the pause lands midway.
        var host = await StartHost();
        var citizens = Citizens(600);
        var id = await Started(host, Draft(ListSelector(citizens), ratePerMinute: 2400));
        await StorageProbe.Eventually(() => Task.FromResult(_registry.Delivered.Count >= 50), "some letters to go out", Patience);
        var running = (await Get(host, id))["progress"]!;

        // Act
        await Ok(await Person(host, Alice).PostAsync($"api/breaches/{id}/pause", null));
        await Task.Delay(TimeSpan.FromSeconds(3)); // the pages in flight finish
        var atPause = _registry.Requests;
        await Task.Delay(TimeSpan.FromSeconds(4));
        var whilePaused = _registry.Requests - atPause;
        await Ok(await Person(host, Bob).PostAsync($"api/breaches/{id}/resume", null));
        var campaign = await Completed(host, id);

        // Assert
        output.WriteLine($"paused at {atPause} requests; {whilePaused} while paused; duplicates absorbed {_registry.Duplicates}");
        Assert.Equal(0, whilePaused);
        Assert.True(atPause < citizens.Count, "the pause came after the campaign had finished");
        Assert.Equal(citizens.Select(c => id + ":" + c).ToHashSet(), _registry.Delivered.Keys.ToHashSet());
        Assert.Equal(600, campaign["progress"]!["delivered"]!.GetValue<long>());
        Assert.NotNull(running["estimatedCompletion"]);
        Assert.Equal(600, running["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task AccessLogCampaign_ProtectedCitizen_OnlySecureChannel_LettersListExposedFieldsAndNoAddress()
    {
        // Arrange: the employer views two CVs; then one owner gets a protected address.
        var host = await StartHost();
        var nav = host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var source = host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        var employer = host.EmployerPerson();
        var (open, hidden) = ("cit-" + Guid.NewGuid().ToString("N")[..8], "cit-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var citizen in new[] { open, hidden })
        {
            var cvId = (await Ok(await nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizen)))))["cvId"]!.GetValue<string>();
            await CitizenEvents.SendAsync(source, CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddHours(-1)));
            await StorageProbe.Eventually(async () => (await employer.GetAsync($"api/cvs/{cvId}")).StatusCode == HttpStatusCode.OK, "the employer to view the CV");
        }
        await CitizenEvents.SendAsync(source, CitizenEvents.Event(hidden, "protected-address.set", DateTimeOffset.UtcNow));

        // Act
        var id = await Started(host, Draft(new JsonObject { ["kind"] = "access-log", ["party"] = "employer:acme" }));
        var campaign = await Completed(host, id);

        // Assert
        var letters = _registry.Delivered.Values.Where(l => l!.Body.Contains("acme", StringComparison.Ordinal) && (l.CitizenId == open || l.CitizenId == hidden)).ToDictionary(l => l!.CitizenId, l => l!);
        Assert.Equal(("secure", 0), (letters[hidden].Channel, letters[hidden].PreferredChannels.Count));
        Assert.Equal(("default", "digital-mailbox,paper"), (letters[open].Channel, string.Join(',', letters[open].PreferredChannels)));
        foreach (var letter in letters.Values)
        {
            Assert.Equal("nb", letter.Language);
            Assert.StartsWith("acme så ", letter.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("cv-text", letter.Body, StringComparison.Ordinal); // the fields from the log, not the categories
            Assert.DoesNotContain("{{", letter.Body, StringComparison.Ordinal);
            foreach (var addressPart in new[] { "Eksempelveien", "7030", "Trondheim" })
            {
                Assert.DoesNotContain(addressPart, letter.Body + letter.Subject, StringComparison.Ordinal);
            }
        }
        Assert.Contains(campaign["progress"]!["byChannel"]!.AsArray(), c => c!["key"]!.GetValue<string>() == "secure" && c["count"]!.GetValue<long>() == 1);
        Assert.DoesNotContain("Eksempelveien", await Person(host, Alice).GetStringAsync($"api/breaches/{id}/report?format=html"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Campaign_RegistryFailsEveryCall_EndsWithEveryCitizenFailedAfterTheAttempts()
    {
        // Arrange
        _registry.FailAll = true;
        var host = await StartHost(new() { ["Hub:Breach:MaxAttempts"] = "2", ["Hub:Breach:StalePageSeconds"] = "600" });
        var citizens = Citizens(60);

        // Act
        var id = await Started(host, Draft(ListSelector(citizens)));
        var campaign = await Completed(host, id);

        // Assert: nothing delivered, every citizen failed with the attempts and the reason in the ledger.
        Assert.Empty(_registry.Delivered);
        Assert.True(_registry.Failures >= 60 * 2, $"{_registry.Failures} calls");
        var progress = campaign["progress"]!;
        Assert.Equal((0L, 60L, 100), (progress["delivered"]!.GetValue<long>(), progress["failed"]!.GetValue<long>(), progress["percent"]!.GetValue<int>()));
        var ledger = (await new StorageProbe(azurite.ConnectionString, host.Prefix).EntitiesAsync(StorageNames.BreachLedgerTable))
            .Where(e => !e.PartitionKey.EndsWith("|pages", StringComparison.Ordinal)).ToList();
        Assert.Equal(60, ledger.Count);
        Assert.All(ledger, e => Assert.Equal(("failed", 2), (e.GetString("Status"), e.GetInt32("Attempts"))));
        Assert.All(ledger, e => Assert.Contains("HTTP 500", e.GetString("Reason"), StringComparison.Ordinal));
    }
}
