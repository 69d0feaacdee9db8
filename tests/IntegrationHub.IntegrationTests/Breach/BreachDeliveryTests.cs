using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;
using Xunit.Abstractions;

namespace IntegrationHub.IntegrationTests.Breach;

/// <summary>
/// The fan-out end to end over the dev host, delivering to a fake registry endpoint on loopback: exactly once through a
/// host crash (the endpoint counts distinct keys and the repeats the key absorbed), pause and resume, the secure
/// channel and address-free letters for protected citizens, and a registry that fails every call.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
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

    internal static HttpClient Person(HubTestHost host, string userObjectId) =>
        host.Client(host.Entra.Mint([HubRoles.BreachManage], HubTestHost.PrivacyConsoleClient, userObjectId: userObjectId));

    internal static JsonObject Draft(JsonNode selector, int? ratePerMinute = null) => new()
    {
        ["title"] = "Test breach",
        ["description"] = "CVs were shown where they should not have been.",
        ["detectedAt"] = CitizenEvents.Time(DateTimeOffset.UtcNow),
        ["window"] = new JsonObject { ["from"] = CitizenEvents.Time(DateTimeOffset.UtcNow.AddHours(-1)), ["to"] = CitizenEvents.Time(DateTimeOffset.UtcNow.AddHours(1)) },
        ["dataCategories"] = new JsonArray("cv-text"),
        // A text per letter language (ADR 0034 update): the letters are in two.
        ["likelyConsequences"] = new JsonObject { ["nb"] = "Arbeidsgivere kan vite at du søkte arbeid.", ["en"] = "Employers may know the person was looking for work." },
        ["measuresTaken"] = new JsonObject { ["nb"] = "Tilgangen er stengt.", ["en"] = "Access closed." },
        ["selector"] = selector,
        ["letters"] = new JsonObject
        {
            ["fallback"] = "en",
            ["nb"] = new JsonObject { ["subject"] = "Om CV-en din", ["body"] = "{{organisation}} så {{exposed}} mellom {{from}} og {{to}}. {{measures}} {{consequences}} {{dpo}}" },
            ["en"] = new JsonObject { ["subject"] = "About your CV", ["body"] = "{{organisation}} saw {{exposed}} between {{from}} and {{to}}. {{measures}} {{consequences}} {{dpo}}" },
        },
        ["channelPolicy"] = ratePerMinute is { } rate
            ? new JsonObject { ["channels"] = new JsonArray("digital-mailbox", "paper"), ["ratePerMinute"] = rate }
            : new JsonObject { ["channels"] = new JsonArray("digital-mailbox", "paper") },
    };

    internal static async Task<JsonObject> Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Creates, counts, approves (Alice) and starts (Bob) a campaign.</summary>
    internal static async Task<string> Started(HubTestHost host, JsonObject draft)
    {
        var (alice, bob) = (Person(host, Alice), Person(host, Bob));
        var id = (await Ok(await alice.PostAsync("api/breaches", CvSamples.Json(draft))))["id"]!.GetValue<string>();
        await BreachCampaignTests.CountedAsync(alice, id);
        await Ok(await alice.PostAsync($"api/breaches/{id}/approve", null));
        await Ok(await bob.PostAsync($"api/breaches/{id}/start", null));
        return id;
    }

    internal static async Task<JsonObject> Get(HubTestHost host, string id) => await Ok(await Person(host, Alice).GetAsync($"api/breaches/{id}"));

    internal static async Task<JsonObject> Completed(HubTestHost host, string id)
    {
        JsonObject? campaign = null;
        await StorageProbe.Eventually(async () => (campaign = await Get(host, id))["status"]!.GetValue<string>() == "completed", "the campaign to complete", Patience);
        return campaign!;
    }

    private static List<string> Citizens(int count) => [.. Enumerable.Range(0, count).Select(i => $"crash-{i:D5}-{Guid.NewGuid().ToString("N")[..6]}")];

    internal static JsonObject ListSelector(IEnumerable<string> citizens) =>
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
        var ledger = (await new StorageProbe(azurite.ConnectionString, prefix).EntitiesAsync(BreachTables.BreachLedgerTable))
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
            Assert.Contains(BreachLetterTexts.ByLanguage["nb"].Categories["work-experience"], letter.Body, StringComparison.Ordinal); // what the view held, in plain words
            Assert.DoesNotContain("workExperience", letter.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", letter.Body, StringComparison.Ordinal);
            foreach (var addressPart in new[] { "Eksempelveien", "7030", "Trondheim" })
            {
                Assert.DoesNotContain(addressPart, letter.Body + letter.Subject, StringComparison.Ordinal);
            }
        }
        Assert.Contains(campaign["progress"]!["byChannel"]!.AsArray(), c => c!["key"]!.GetValue<string>() == "secure" && c["count"]!.GetValue<long>() == 1);
        Assert.DoesNotContain("Eksempelveien", await Person(host, Alice).GetStringAsync($"api/breaches/{id}/report?format=html"), StringComparison.Ordinal);
    }

    /// <summary>A person at the employer (a delegated token): the access log keeps the person; letters name only the party.</summary>
    private const string Carol = "0b7a3c6e-0000-4000-8000-0000000ca201";

    /// <summary>A letter per language using the hub's sentences, the complaint route and the DPO.</summary>
    private static JsonObject FiveLanguageDraft(JsonNode selector)
    {
        var draft = Draft(selector);
        var letters = new JsonObject { ["fallback"] = "en" };
        var (consequences, measures) = (new JsonObject(), new JsonObject());
        foreach (var language in BreachDraftParser.Languages)
        {
            letters[language] = new JsonObject { ["subject"] = "{{title}}", ["body"] = $"[{language}] {{{{seen}}}} | {{{{categories}}}} | {{{{consequences}}}} | {{{{measures}}}} | {{{{complaint}}}} | {{{{dpo}}}}" };
            consequences[language] = $"Unwanted contact ({language}).";
            measures[language] = $"Access closed ({language}).";
        }
        draft["letters"] = letters;
        draft["likelyConsequences"] = consequences;
        draft["measuresTaken"] = measures;
        return draft;
    }

    private static string NewCitizen() => "cit-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A CV in the given language, visible to employers; its id.</summary>
    private static async Task<string> VisibleCv(HubTestHost host, string citizen, string language)
    {
        var nav = host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var cv = CvSamples.Cv(citizenId: citizen);
        cv["language"] = language;
        var cvId = (await Ok(await nav.PostAsync("api/cvs", CvSamples.Json(cv))))["cvId"]!.GetValue<string>();
        await CitizenEvents.SendAsync(host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite), CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddHours(-1)));
        await StorageProbe.Eventually(async () => (await nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/visibility"))!["audience"]!.GetValue<string>() == "Employers",
            "the CV to be visible to employers");
        return cvId;
    }

    private Dictionary<string, FakeRegistryDelivery.Letter> LettersOf(string campaignId) =>
        _registry.Delivered.Where(d => d.Key.StartsWith(campaignId + ":", StringComparison.Ordinal)).ToDictionary(d => d.Value!.CitizenId, d => d.Value!);

    [Fact]
    public async Task ListCampaign_OneCvReadByAnEmployerOneNot_LettersSaySeenByThePartyOrNotSeen_InTheirLanguages_WithComplaintRouteAndDpo()
    {
        // Arrange: a Danish-language CV read by a person at acme, a Dutch-language CV read by nobody.
        var host = await StartHost();
        var (read, unread) = (NewCitizen(), NewCitizen());
        var readCv = await VisibleCv(host, read, "da");
        await VisibleCv(host, unread, "nl");
        var employer = host.Client(host.Entra.Mint([HubRoles.CvRead], HubTestHost.EmployerClient, userObjectId: Carol));
        await StorageProbe.Eventually(async () => (await employer.GetAsync($"api/cvs/{readCv}")).StatusCode == HttpStatusCode.OK, "the employer to view the CV");

        // Act: the uploaded-list selector knows nothing of the read; the dry run's access-log lookup does.
        var id = await Started(host, FiveLanguageDraft(ListSelector([read, unread])));
        await Completed(host, id);

        // Assert
        var letters = LettersOf(id);
        var (da, nl) = (BreachLetterTexts.ByLanguage["da"], BreachLetterTexts.ByLanguage["nl"]);
        Assert.Equal(("da", "nl"), (letters[read].Language, letters[unread].Language));
        Assert.StartsWith("[da] " + string.Format(CultureInfo.InvariantCulture, da.SeenBy, "acme") + " | ", letters[read].Body, StringComparison.Ordinal);
        Assert.Contains(da.Categories["work-experience"], letters[read].Body, StringComparison.Ordinal); // what the view held, in plain words
        Assert.StartsWith("[nl] " + nl.NotSeen + " | " + nl.Categories["cv-text"] + " | ", letters[unread].Body, StringComparison.Ordinal); // the campaign's categories
        foreach (var letter in letters.Values)
        {
            // Consequences and measures in the letter's own language (GDPR art. 34(2) clear and plain language).
            Assert.EndsWith($" | Unwanted contact ({letter.Language}). | Access closed ({letter.Language}). | {FakeRegistryDelivery.ComplaintUrl("nav")} | {FakeRegistryDelivery.DpoContact("nav")}", letter.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", letter.Body + letter.Subject, StringComparison.Ordinal);
            Assert.DoesNotContain("workExperience", letter.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(Carol, letter.Body, StringComparison.Ordinal); // a party, never a person
        }
        Assert.DoesNotContain("acme", letters[unread].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Campaign_ProtectedAddressSetAfterTheDryRun_IsSentOnlyTheSecureChannel()
    {
        // Arrange: two citizens, both known not protected when the audience is counted and approved.
        var host = await StartHost();
        var (stays, hides) = (NewCitizen(), NewCitizen());
        await VisibleCv(host, stays, "nb");
        await VisibleCv(host, hides, "nb");
        var (alice, bob) = (Person(host, Alice), Person(host, Bob));
        var id = (await Ok(await alice.PostAsync("api/breaches", CvSamples.Json(FiveLanguageDraft(ListSelector([stays, hides]))))))["id"]!.GetValue<string>();
        var audience = await BreachCampaignTests.CountedAsync(alice, id);
        Assert.Equal(2, audience["byProtectedStatus"]!["not-protected"]!.GetValue<long>());
        await Ok(await alice.PostAsync($"api/breaches/{id}/approve", null));

        // Act: one of them gets a protected address after the dry run; then the campaign starts.
        await CitizenEvents.SendAsync(host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite),
            CitizenEvents.Event(hides, "protected-address.set", DateTimeOffset.UtcNow));
        await Ok(await bob.PostAsync($"api/breaches/{id}/start", null));
        var campaign = await Completed(host, id);

        // Assert
        var letters = LettersOf(id);
        Assert.Equal(("secure", 0), (letters[hides].Channel, letters[hides].PreferredChannels.Count));
        Assert.Equal(("default", "digital-mailbox,paper"), (letters[stays].Channel, string.Join(',', letters[stays].PreferredChannels)));
        Assert.Contains(campaign["progress"]!["byChannel"]!.AsArray(), c => c!["key"]!.GetValue<string>() == "secure" && c["count"]!.GetValue<long>() == 1);
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
        var ledger = (await new StorageProbe(azurite.ConnectionString, host.Prefix).EntitiesAsync(BreachTables.BreachLedgerTable))
            .Where(e => !e.PartitionKey.EndsWith("|pages", StringComparison.Ordinal)).ToList();
        Assert.Equal(60, ledger.Count);
        Assert.All(ledger, e => Assert.Equal(("failed", 2), (e.GetString("Status"), e.GetInt32("Attempts"))));
        Assert.All(ledger, e => Assert.Contains("HTTP 500", e.GetString("Reason"), StringComparison.Ordinal));
    }
}
