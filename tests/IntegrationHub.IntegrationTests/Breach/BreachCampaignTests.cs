using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.IntegrationTests.Breach;

/// <summary>
/// Breach campaigns end to end over the dev host: each selector finds exactly the affected citizens from real
/// visibility history and access logs, the dry run counts them by registry, language, channel and protected status,
/// approve and start need two people, the state machine refuses illegal moves, and the report names no citizen.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class BreachCampaignTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private const string Alice = "0b7a3c6e-0000-4000-8000-00000000a11c";
    private const string Bob = "0b7a3c6e-0000-4000-8000-0000000000b0";

    private HttpClient _source = null!;
    private HttpClient _employer = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private HttpClient _app = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _source = Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        _employer = Host.EmployerPerson();
        _alice = Host.Client(Host.Entra.Mint([HubRoles.BreachManage], HubTestHost.PrivacyConsoleClient, userObjectId: Alice));
        _bob = Host.Client(Host.Entra.Mint([HubRoles.BreachManage], HubTestHost.PrivacyConsoleClient, userObjectId: Bob));
        _app = Host.ClientFor(HubTestHost.PrivacyConsoleClient, HubRoles.BreachManage);
    }

    /// <summary>nav's DPO contact (every letter carries it, GDPR art. 33(3)(b)); jobnet is left without one, so approval's registry rule shows.</summary>
    protected override IDictionary<string, string?>? HostSettings => new Dictionary<string, string?>
    {
        ["Hub:Breach:Registries:nav:DpoContact"] = "personvernombud@nav.example",
    };

    private static string NewCitizen() => "cit-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<string> VisibleCv(string citizen, DateTimeOffset clearSince)
    {
        var response = await Nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizen)));
        var cvId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
        await CitizenEvents.SendAsync(_source, CitizenEvents.AllClear(citizen, clearSince));
        await StorageProbe.Eventually(async () => (await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/visibility"))!["audience"]!.GetValue<string>() == "Employers",
            "the CV to be visible to employers");
        return cvId;
    }

    private static JsonObject Draft(JsonNode selector, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? detectedAt = null) => new()
    {
        ["title"] = "Test breach",
        ["description"] = "CVs were shown where they should not have been.",
        ["detectedAt"] = CitizenEvents.Time(detectedAt ?? DateTimeOffset.UtcNow),
        ["window"] = new JsonObject { ["from"] = CitizenEvents.Time(from), ["to"] = CitizenEvents.Time(to) },
        ["dataCategories"] = new JsonArray("cv-text", "work-experience"),
        // A text per letter language (ADR 0034 update): the letters are in two.
        ["likelyConsequences"] = new JsonObject { ["nb"] = "Arbeidsgivere kan vite at du søkte arbeid.", ["en"] = "Employers may know the person was looking for work." },
        ["measuresTaken"] = new JsonObject { ["nb"] = "Tilgangen er stengt.", ["en"] = "Access closed." },
        ["selector"] = selector,
        ["letters"] = new JsonObject
        {
            ["fallback"] = "en",
            ["nb"] = new JsonObject { ["subject"] = "Om CV-en din", ["body"] = "Det gjelder {{categories}}. {{consequences}} {{measures}} Personvernombudet: {{dpo}}." },
            ["en"] = new JsonObject { ["subject"] = "About your CV", ["body"] = "It concerns {{categories}}. {{consequences}} {{measures}} Data protection officer: {{dpo}}." },
        },
        ["channelPolicy"] = new JsonObject { ["channels"] = new JsonArray("digital-mailbox", "paper") },
    };

    private async Task<string> Create(HttpClient client, JsonObject draft)
    {
        var response = await client.PostAsync("api/breaches", CvSamples.Json(draft));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> Ok(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Asks for a dry run (202: it runs off the request) and waits for its summary on the campaign.</summary>
    private static async Task<JsonObject> DryRun(HttpClient client, string id) => await CountedAsync(client, id);

    internal static async Task<JsonObject> CountedAsync(HttpClient client, string id)
    {
        var response = await client.PostAsync($"api/breaches/{id}/dry-run", null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        JsonObject? audience = null;
        await StorageProbe.Eventually(async () => (audience = (await client.GetFromJsonAsync<JsonObject>($"api/breaches/{id}"))!["audience"]?.AsObject()) is not null,
            "the dry run's summary on the campaign", 60);
        return audience!;
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.EndsWith("/" + type, (await response.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static long Count(JsonObject audience, string by, string key) => audience[by]![key]?.GetValue<long>() ?? 0;

    [Fact]
    public async Task AccessLogSelector_AccountReadSomeCvs_CountsExactlyThoseCitizensOnce_ProtectedOnlySecure_DeletedCvUnresolved()
    {
        // Arrange: four visible CVs; the employer reads A twice, B and C once, D never. Then B's owner gets a protected
        // address and C's CV is deleted.
        var start = DateTimeOffset.UtcNow;
        var (a, b, c, d) = (NewCitizen(), NewCitizen(), NewCitizen(), NewCitizen());
        var cvA = await VisibleCv(a, start.AddHours(-1));
        var cvB = await VisibleCv(b, start.AddHours(-1));
        var cvC = await VisibleCv(c, start.AddHours(-1));
        await VisibleCv(d, start.AddHours(-1));
        foreach (var cv in new[] { cvA, cvA, cvB, cvC })
        {
            Assert.Equal(HttpStatusCode.OK, (await _employer.GetAsync($"api/cvs/{cv}")).StatusCode);
        }
        await CitizenEvents.SendAsync(_source, CitizenEvents.Event(b, "protected-address.set", DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.NoContent, (await Nav.DeleteAsync($"api/cvs/{cvC}")).StatusCode);
        var id = await Create(_alice, Draft(new JsonObject { ["kind"] = "access-log", ["party"] = "employer:acme" }, start.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)));

        // Act
        var audience = await DryRun(_alice, id);

        // Assert: A and B once each (A read twice), D never counted, C's deleted CV left for the registry to resolve.
        Assert.Equal(2, audience["citizens"]!.GetValue<long>());
        Assert.Equal(4, audience["records"]!.GetValue<long>());
        Assert.Equal(1, audience["unresolvedCvs"]!.GetValue<long>());
        Assert.Equal((1, 1), (Count(audience, "byProtectedStatus", "protected"), Count(audience, "byProtectedStatus", "not-protected")));
        Assert.Equal((1, 1), (Count(audience, "byChannel", "secure"), Count(audience, "byChannel", "digital-mailbox")));
        Assert.Equal(2, Count(audience, "byRegistry", "nav"));
        Assert.Equal(2, Count(audience, "byLanguage", "nb"));
        var rows = (await Probe.EntitiesAsync(BreachTables.BreachAudienceTable)).Where(e => e.PartitionKey.StartsWith(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(new HashSet<string> { a, b }, rows.Where(r => r.GetString("CitizenId") is not null).Select(r => r.GetString("CitizenId")!).ToHashSet());
        Assert.Equal("secure", rows.Single(r => r.GetString("CitizenId") == b).GetString("Channel"));
        // The counting pass packed the two citizens for the planner and sealed the run (ADR 0062); the unresolved CV is no citizen to pack.
        var packs = (await Probe.EntitiesAsync(BreachTables.BreachAudiencePacksTable)).Where(e => e.PartitionKey.StartsWith(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(["~"], packs.Where(p => p.RowKey == "~").Select(p => p.RowKey));
        var packed = packs.Where(p => p.RowKey != "~").SelectMany(p => System.Text.Json.JsonSerializer.Deserialize(p.GetString("Items"), BreachJson.Default.PageItemArray)!).ToList();
        Assert.Equal(rows.Where(r => r.GetString("CitizenId") is not null).Select(r => r.RowKey).Order(StringComparer.Ordinal), packed.Select(i => i.Key));
        Assert.Equal("secure", packed.Single(i => i.CitizenId == b).Channel);
    }

    [Fact]
    public async Task ExposureSelector_BenefitLearnedLate_FindsOnlyTheCitizenShownWhileItHeld()
    {
        // Arrange: two CVs shown to employers; the case system reports late that one owner's benefit had started.
        var start = DateTimeOffset.UtcNow;
        var (affected, bystander) = (NewCitizen(), NewCitizen());
        await VisibleCv(affected, start.AddHours(-2));
        await VisibleCv(bystander, start.AddHours(-2));
        var benefitStarted = DateTimeOffset.UtcNow;
        await Task.Delay(300);
        await CitizenEvents.SendAsync(_source, CitizenEvents.Event(affected, "benefit.work-oriented.started", benefitStarted));
        var id = await Create(_alice, Draft(new JsonObject { ["kind"] = "exposure", ["registry"] = "nav", ["fact"] = "work-oriented-benefit" },
            start.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)));

        // Act
        var audience = await DryRun(_alice, id);

        // Assert
        Assert.Equal(1, audience["citizens"]!.GetValue<long>());
        Assert.Equal(1, Count(audience, "byProtectedStatus", "not-protected"));
        var row = Assert.Single(await Probe.EntitiesAsync(BreachTables.BreachAudienceTable), e => e.PartitionKey.StartsWith(id, StringComparison.Ordinal));
        Assert.Equal(affected, row.GetString("CitizenId"));
    }

    [Fact]
    public async Task CitizensSelector_ListWithRepeatsAndAnUnknownCitizen_CountsEachOnce_UnknownStatusOnlySecure()
    {
        // Arrange: one citizen with a visible CV (listed twice) and one the hub knows nothing of.
        var (known, stranger) = (NewCitizen(), NewCitizen());
        await VisibleCv(known, DateTimeOffset.UtcNow.AddHours(-1));
        var id = await Create(_alice, Draft(new JsonObject { ["kind"] = "citizens", ["registry"] = "nav", ["citizenIds"] = new JsonArray(known, stranger, known) },
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow));

        // Act
        var audience = await DryRun(_alice, id);

        // Assert: the stranger's address status is unknown, so only the secure channel; no CV, so the fallback letter.
        Assert.Equal(2, audience["citizens"]!.GetValue<long>());
        Assert.Equal(2, audience["records"]!.GetValue<long>()); // the list is stored without its repeat
        Assert.Equal((1, 1), (Count(audience, "byProtectedStatus", "unknown"), Count(audience, "byProtectedStatus", "not-protected")));
        Assert.Equal((1, 1), (Count(audience, "byChannel", "secure"), Count(audience, "byChannel", "digital-mailbox")));
        Assert.Equal((1, 1), (Count(audience, "byLanguage", "nb"), Count(audience, "byLanguage", "en")));
    }

    private async Task<string> CountedCampaign()
    {
        var id = await Create(_alice, Draft(new JsonObject { ["kind"] = "citizens", ["registry"] = "nav", ["citizenIds"] = new JsonArray(NewCitizen()) },
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow));
        await DryRun(_alice, id);
        return id;
    }

    [Fact]
    public async Task Start_SamePersonWhoApproved_IsRefusedByTheTwoPersonRule_ASecondPersonStartsIt()
    {
        // Arrange
        var id = await CountedCampaign();
        await Ok(await _alice.PostAsync($"api/breaches/{id}/approve", null));

        // Act
        var sameUser = await _alice.PostAsync($"api/breaches/{id}/start", null);
        var appOnly = await _app.PostAsync($"api/breaches/{id}/start", null);
        var second = await _bob.PostAsync($"api/breaches/{id}/start", null);

        // Assert
        await AssertProblem(sameUser, HttpStatusCode.Forbidden, "two-person-rule");
        await AssertProblem(appOnly, HttpStatusCode.Forbidden, "user-required");
        var started = await Ok(second);
        Assert.Equal(("running", Alice), (started["status"]!.GetValue<string>(), started["approvedBy"]!.GetValue<string>()));
        var audit = started["audit"]!.AsArray().Select(a => (a!["action"]!.GetValue<string>(), a["by"]!.GetValue<string>())).ToList();
        Assert.Equal([("created", Alice), ("dry-run", Alice), ("approve", Alice), ("start", Bob)], audit);
        Assert.All(started["audit"]!.AsArray(), a => Assert.True(a!["at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-5)));
    }

    [Fact]
    public async Task Approve_AppOnlyTokenOrNoDryRun_IsRefused()
    {
        var uncounted = await Create(_alice, Draft(new JsonObject { ["kind"] = "citizens", ["registry"] = "nav", ["citizenIds"] = new JsonArray("x1") },
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow));
        var counted = await CountedCampaign();

        var noDryRun = await _bob.PostAsync($"api/breaches/{uncounted}/approve", null);
        var appOnly = await _app.PostAsync($"api/breaches/{counted}/approve", null);

        await AssertProblem(noDryRun, HttpStatusCode.Conflict, "dry-run-required");
        await AssertProblem(appOnly, HttpStatusCode.Forbidden, "user-required");
        Assert.Equal("draft", (await Ok(await _alice.GetAsync($"api/breaches/{counted}")))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_LettersWithoutArt34Content_Returns400NamingEachField_AndStoresNothing()
    {
        // Arrange: letters that say nothing the law asks for (GDPR art. 34(2)), no consequences, blank measures.
        var draft = Draft(new JsonObject { ["kind"] = "access-log", ["party"] = "employer:acme" }, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);
        draft.Remove("likelyConsequences");
        draft["measuresTaken"] = "   ";
        draft["letters"] = new JsonObject
        {
            ["fallback"] = "en",
            ["nb"] = new JsonObject { ["subject"] = "Om CV-en din", ["body"] = "Tekst. {{consequences}} {{measures}} {{categories}}" },
            ["en"] = new JsonObject { ["subject"] = "About your CV: {{dpo}}", ["body"] = "{{exposed}} {{consequences}} Text." },
        };

        // Act
        var errors = await RefusedDraft(draft);

        // Assert: each field named with the rule; en's DPO in the subject counts, its missing measures do not.
        Assert.Equal<(string, string)>(
            [("/likelyConsequences", "gdpr-art34-content"), ("/measuresTaken", "gdpr-art34-content"), ("/letters/nb/body", "gdpr-art34-content"), ("/letters/en/body", "gdpr-art34-content")],
            errors.Select(e => (e.Field, e.Rule)));
        Assert.Contains("{{dpo}}", errors[2].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("{{consequences}}", errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("{{measures}}", errors[3].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("{{dpo}}", errors[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_LettersStoredBeforeTheArt34Rule_Returns409NamingTheFields_AndNothingChanges()
    {
        // Arrange: a counted campaign whose stored letters and measures are what a draft before the rule could hold.
        var id = await CountedCampaign();
        var table = Probe.Table(BreachTables.BreachesTable);
        await table.UpdateEntityAsync(new Azure.Data.Tables.TableEntity(id, "letter|en") { ["Body"] = "Text." }, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Merge);
        var before = (await Ok(await _alice.GetAsync($"api/breaches/{id}")))["audit"]!.AsArray().Count;

        // Act
        var response = await _bob.PostAsync($"api/breaches/{id}/approve", null);

        // Assert
        await AssertProblemAndErrors(response, [("/letters/en/body", "gdpr-art34-content")]);
        var campaign = await Ok(await _alice.GetAsync($"api/breaches/{id}"));
        Assert.Equal(("draft", before), (campaign["status"]!.GetValue<string>(), campaign["audit"]!.AsArray().Count));
        Assert.Null(campaign["approvedBy"]);
    }

    [Fact]
    public async Task Create_TextsNotInEachLetterLanguage_Returns400NamingEachLanguage_AndStoresNothing()
    {
        // Arrange: letters in nb and en; consequences blank in nb, missing in en, and one in nn (no nn letter: a typo);
        // measures one plain text for both languages.
        var draft = Draft(new JsonObject { ["kind"] = "access-log", ["party"] = "employer:acme" }, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);
        draft["likelyConsequences"] = new JsonObject { ["nb"] = "  ", ["nn"] = "Arbeidsgjevarar kan vite at du søkte arbeid." };
        draft["measuresTaken"] = "Access closed.";

        // Act
        var errors = await RefusedDraft(draft);

        // Assert: GDPR art. 34(2) asks for clear and plain language; a letter in nb with a paragraph in English is not.
        Assert.Equal<(string, string)>(
            [("/likelyConsequences/nb", "gdpr-art34-content"), ("/likelyConsequences/en", "gdpr-art34-content"), ("/likelyConsequences/nn", "gdpr-art34-content"), ("/measuresTaken", "gdpr-art34-content")],
            errors.Select(e => (e.Field, e.Rule)));
        Assert.Contains("nb, en", errors[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_OneTextStoredBeforePerLanguageTexts_LettersInTwoLanguages_Returns409_AndNothingChanges()
    {
        // Arrange: a counted campaign (letters nb and en) whose row is rewritten as it was stored before per-language
        // texts: one consequences and one measures column, no column per language.
        var id = await CountedCampaign();
        var table = Probe.Table(BreachTables.BreachesTable);
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(id, "campaign")).Value;
        var old = new Azure.Data.Tables.TableEntity(id, "campaign")
        {
            ["Campaign"] = row.GetString("Campaign"), ["Description"] = row.GetString("Description"), ["Status"] = row.GetString("Status"),
            ["LikelyConsequences"] = "Employers may know the person was looking for work.", ["MeasuresTaken"] = "Access closed.",
        };
        await table.UpdateEntityAsync(old, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Replace);
        var stored = await Ok(await _alice.GetAsync($"api/breaches/{id}"));
        Assert.Equal("Access closed.", stored["measuresTaken"]!.GetValue<string>());
        Assert.Null(stored["measuresTakenByLanguage"]);

        // Act
        var response = await _bob.PostAsync($"api/breaches/{id}/approve", null);

        // Assert
        await AssertProblemAndErrors(response, [("/likelyConsequences", "gdpr-art34-content"), ("/measuresTaken", "gdpr-art34-content")]);
        Assert.Equal("draft", (await Ok(await _alice.GetAsync($"api/breaches/{id}")))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approve_OldestRowOneTextLettersInOneLanguage_ReadsAndIsApproved()
    {
        // Arrange: letters in en only, one text each (still allowed); the row rewritten as the oldest rows were: every
        // field, the texts included, inside the one JSON column.
        var draft = Draft(new JsonObject { ["kind"] = "access-log", ["party"] = "employer:nobody" }, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);
        draft["letters"]!.AsObject().Remove("nb");
        draft["likelyConsequences"] = "Employers may know the person was looking for work.";
        draft["measuresTaken"] = "Access closed.";
        var id = await Create(_alice, draft);
        await DryRun(_alice, id);
        var table = Probe.Table(BreachTables.BreachesTable);
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(id, "campaign")).Value;
        var json = JsonNode.Parse(row.GetString("Campaign"))!.AsObject();
        json["description"] = row.GetString("Description");
        json["likelyConsequences"] = "Employers may know the person was looking for work.";
        json["measuresTaken"] = "Access closed.";
        await table.UpdateEntityAsync(new Azure.Data.Tables.TableEntity(id, "campaign") { ["Campaign"] = json.ToJsonString(), ["Status"] = row.GetString("Status") },
            Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Replace);

        // Act
        var stored = await Ok(await _alice.GetAsync($"api/breaches/{id}"));
        var approved = await _bob.PostAsync($"api/breaches/{id}/approve", null);

        // Assert: read as one text; with one letter language that is the letter's text, so approval passes.
        Assert.Equal("Employers may know the person was looking for work.", stored["likelyConsequences"]!.GetValue<string>());
        Assert.Null(stored["likelyConsequencesByLanguage"]);
        Assert.Equal("approved", (await Ok(approved))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approve_AudienceInARegistryWithoutDpoContact_Returns409NamingTheRegistry_AndNothingChanges()
    {
        // Arrange: jobnet has no DPO contact in this host's settings (nav has); a counted list of two jobnet citizens.
        var id = await Create(_alice, Draft(new JsonObject { ["kind"] = "citizens", ["registry"] = "jobnet", ["citizenIds"] = new JsonArray(NewCitizen(), NewCitizen()) },
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow));
        await DryRun(_alice, id);

        // Act
        var response = await _bob.PostAsync($"api/breaches/{id}/approve", null);

        // Assert: the registry is named, no citizen; the campaign stays a draft.
        var text = await response.Content.ReadAsStringAsync();
        await AssertProblemAndErrors(response, [("Hub:Breach:Registries:jobnet:DpoContact", "gdpr-art34-content")]);
        Assert.DoesNotContain("cit-", text, StringComparison.Ordinal);
        var campaign = await Ok(await _alice.GetAsync($"api/breaches/{id}"));
        Assert.Equal("draft", campaign["status"]!.GetValue<string>());
        Assert.DoesNotContain(campaign["audit"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "approve");
    }

    /// <summary>Posts a draft that must be refused with 400 and leave nothing stored; its errors (field, rule, message).</summary>
    private async Task<List<(string Field, string Rule, string Message)>> RefusedDraft(JsonObject draft)
    {
        var response = await _alice.PostAsync("api/breaches", CvSamples.Json(draft));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await Probe.EntitiesAsync(BreachTables.BreachesTable));
        return [.. (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray()
            .Select(e => (Field: e!["field"]!.GetValue<string>(), Rule: e["rule"]!.GetValue<string>(), Message: e["message"]!.GetValue<string>()))];
    }

    private static async Task AssertProblemAndErrors(HttpResponseMessage response, List<(string Field, string Rule)> expected)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.EndsWith("/gdpr-art34-content", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(expected, problem["errors"]!.AsArray().Select(e => (e!["field"]!.GetValue<string>(), e["rule"]!.GetValue<string>())).ToList());
    }

    [Fact]
    public async Task StateMachine_PauseResumeCancel_MoveLegallyAndIllegalMovesAre409()
    {
        // Arrange
        var id = await CountedCampaign();
        await AssertProblem(await _bob.PostAsync($"api/breaches/{id}/start", null), HttpStatusCode.Conflict, "illegal-transition");
        await Ok(await _bob.PostAsync($"api/breaches/{id}/approve", null));
        await AssertProblem(await _alice.PostAsync($"api/breaches/{id}/dry-run", null), HttpStatusCode.Conflict, "illegal-transition");
        await Ok(await _alice.PostAsync($"api/breaches/{id}/start", null));

        // Act and assert, move by move
        await AssertProblem(await _alice.PostAsync($"api/breaches/{id}/resume", null), HttpStatusCode.Conflict, "illegal-transition");
        Assert.Equal("paused", (await Ok(await _alice.PostAsync($"api/breaches/{id}/pause", null)))["status"]!.GetValue<string>());
        await AssertProblem(await _alice.PostAsync($"api/breaches/{id}/pause", null), HttpStatusCode.Conflict, "illegal-transition");
        Assert.Equal("running", (await Ok(await _app.PostAsync($"api/breaches/{id}/resume", null)))["status"]!.GetValue<string>());
        Assert.Equal("cancelled", (await Ok(await _bob.PostAsync($"api/breaches/{id}/cancel", null)))["status"]!.GetValue<string>());
        await AssertProblem(await _bob.PostAsync($"api/breaches/{id}/resume", null), HttpStatusCode.Conflict, "illegal-transition");
        await AssertProblem(await _bob.PostAsync($"api/breaches/{id}/cancel", null), HttpStatusCode.Conflict, "illegal-transition");
        var audit = (await Ok(await _alice.GetAsync($"api/breaches/{id}")))["audit"]!.AsArray().Select(a => a!["action"]!.GetValue<string>() + "/" + a["by"]!.GetValue<string>());
        Assert.Equal(["created/" + Alice, "dry-run/" + Alice, "approve/" + Bob, "start/" + Alice, "pause/" + Alice, "resume/app:" + HubTestHost.PrivacyConsoleClient, "cancel/" + Bob], audit);
        await AssertProblem(await _alice.PostAsync($"api/breaches/{IntegrationHub.Core.Kernel.HubIds.NewRandomId()}/pause", null), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Report_CountedCampaign_HasEveryArt33FieldAndNoCitizenData()
    {
        // Arrange: a citizen with a visible CV (name and e-mail in it), found by the list selector; detected 2 hours ago.
        var citizen = NewCitizen();
        await VisibleCv(citizen, DateTimeOffset.UtcNow.AddHours(-1));
        var id = await Create(_alice, Draft(new JsonObject { ["kind"] = "citizens", ["registry"] = "nav", ["citizenIds"] = new JsonArray(citizen) },
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow, detectedAt: DateTimeOffset.UtcNow.AddHours(-2)));
        await DryRun(_alice, id);

        // Act
        var json = await _alice.GetAsync($"api/breaches/{id}/report");
        var html = await _alice.GetAsync($"api/breaches/{id}/report?format=html");

        // Assert
        var report = await Ok(json);
        Assert.Equal("CVs were shown where they should not have been.", report["nature"]!.GetValue<string>());
        Assert.Equal(["cv-text", "work-experience"], report["dataCategories"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal((1, 1), (report["approximateNumberOfPeople"]!.GetValue<long>(), report["approximateNumberOfRecords"]!.GetValue<long>()));
        Assert.Equal("Employers may know the person was looking for work.", report["likelyConsequences"]!.GetValue<string>()); // the fallback language's
        Assert.Equal("Access closed.", report["measuresTaken"]!.GetValue<string>());
        Assert.Equal([("en", "Access closed."), ("nb", "Tilgangen er stengt.")], // every letter language's, the fallback first
            report["measuresTakenByLanguage"]!.AsArray().Select(t => (t!["language"]!.GetValue<string>(), t["text"]!.GetValue<string>())));
        var timeline = report["timeline"]!;
        Assert.Equal(timeline["detectedAt"]!.GetValue<DateTimeOffset>().AddHours(72), timeline["deadline"]!.GetValue<DateTimeOffset>());
        Assert.True(timeline["deadlineMet"]!.GetValue<bool>());
        Assert.Equal(["created", "dry-run"], timeline["actions"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var document = await html.Content.ReadAsStringAsync();
        Assert.Contains("72-hour deadline", document, StringComparison.Ordinal);
        Assert.Contains("Likely consequences (nb)", document, StringComparison.Ordinal);
        foreach (var text in new[] { report.ToJsonString(), document })
        {
            Assert.DoesNotContain(citizen, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Solbakken", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ingrid", text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain(citizen, (await _alice.GetStringAsync($"api/breaches/{id}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_TwoCampaigns_ListsBoth()
    {
        var first = await CountedCampaign();
        var second = await Create(_app, Draft(new JsonObject { ["kind"] = "access-log", ["party"] = "employer:acme" }, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow));

        var items = (await Ok(await _alice.GetAsync("api/breaches")))["items"]!.AsArray();

        Assert.Equal(new HashSet<string> { first, second }, items.Select(i => i!["id"]!.GetValue<string>()).ToHashSet());
        Assert.Equal(1, items.Single(i => i!["id"]!.GetValue<string>() == first)!["citizens"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("title", null, "/title", "required")]
    [InlineData("selector", """{"kind":"exposure","registry":"unknown"}""", "/selector/registry", "enum")]
    [InlineData("selector", """{"kind":"citizens","registry":"nav","citizenIds":["has space"]}""", "/selector", "anyOf")]
    [InlineData("window", """{"from":"2026-02-02T00:00:00Z","to":"2026-02-01T00:00:00Z"}""", "/window/to", "order")]
    [InlineData("letters", """{"fallback":"nl","en":{"subject":"s","body":"b"}}""", "/letters/nl", "required")]
    [InlineData("letters", """{"fallback":"en","en":{"subject":"s","body":"{{seen}} Dear {{name}}"}}""", "/letters/en/body", "placeholder")]
    [InlineData("letters", """{"fallback":"en","en":{"subject":"s","body":"b"},"nn":{"subject":"Om {{dpo","body":"b"}}""", "/letters/nn/subject", "placeholder")]
    public async Task Create_BadDraft_Returns400NamingFieldAndRule_AndStoresNothing(string property, string? value, string field, string rule)
    {
        // Arrange
        var draft = Draft(new JsonObject { ["kind"] = "access-log", ["party"] = "employer:acme" }, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);
        if (value is null)
        {
            draft.Remove(property);
        }
        else
        {
            draft[property] = JsonNode.Parse(value);
        }

        // Act
        var response = await _alice.PostAsync("api/breaches", CvSamples.Json(draft));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["field"]!.GetValue<string>() == field && e["rule"]!.GetValue<string>() == rule);
        Assert.Empty(await Probe.EntitiesAsync(BreachTables.BreachesTable));
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400AndStoresNothing()
    {
        var response = await _alice.PostAsync("api/breaches", new StringContent("{\"title\":", System.Text.Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.BadRequest, "malformed-json");
        Assert.Empty(await Probe.EntitiesAsync(BreachTables.BreachesTable));
    }
}
