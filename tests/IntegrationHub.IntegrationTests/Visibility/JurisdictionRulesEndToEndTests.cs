using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Visibility;

/// <summary>
/// Issue 14 through the running hub: each jurisdiction's own rules (docs/visibility-rules.md), times the hub can trust, and
/// national ID numbers in any common writing. Employers read with a delegated token (a signed-in person).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class JurisdictionRulesEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string WerkRegistryClient = "registry-werk-client";

    private HubTestHost _host = null!;
    private StorageProbe _probe = null!;
    private HttpClient _nav = null!;
    private HttpClient _navSource = null!;
    private HttpClient _jobnet = null!;
    private HttpClient _werk = null!;
    private HttpClient _employer = null!;

    public async Task InitializeAsync()
    {
        _host = await HubTestHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Hub:Registries:werk:Jurisdiction"] = "NL",
            ["Hub:Clients:7:ClientId"] = WerkRegistryClient,
            ["Hub:Clients:7:Kind"] = "Registry",
            ["Hub:Clients:7:Id"] = "werk",
        });
        _probe = new StorageProbe(azurite.ConnectionString, _host.Prefix);
        _nav = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        _navSource = _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        // A registry's own case system sends its citizens' events: the registry client with the event role.
        _jobnet = _host.ClientFor(HubTestHost.JobnetRegistryClient, HubRoles.CvSubmit, HubRoles.ConsentWrite);
        _werk = _host.ClientFor(WerkRegistryClient, HubRoles.CvSubmit, HubRoles.ConsentWrite);
        _employer = _host.Client(_host.Entra.Mint([HubRoles.CvRead], HubTestHost.EmployerClient, userObjectId: Guid.NewGuid().ToString()));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DateTimeOffset MinutesAgo(int minutes) => DateTimeOffset.UtcNow.AddMinutes(-minutes);

    private static string NewCitizen() => "cit-" + Guid.NewGuid().ToString("N")[..10];

    private static async Task<(string CvId, JsonObject Answer)> SubmitCv(HttpClient registry, string citizen, Action<JsonObject>? change = null)
    {
        var cv = CvSamples.Cv(citizenId: citizen);
        change?.Invoke(cv);
        var response = await registry.PostAsync("api/cvs", CvSamples.Json(cv));
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, answer.ToJsonString());
        return (answer["cvId"]!.GetValue<string>(), answer);
    }

    private static async Task<JsonObject> Visibility(HttpClient registry, string cvId) =>
        (await registry.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/visibility"))!;

    private static Task WaitForAudience(HttpClient registry, string cvId, string audience) =>
        StorageProbe.Eventually(async () => (await Visibility(registry, cvId))["audience"]!.GetValue<string>() == audience, $"the CV's audience to be {audience}");

    private static JsonObject Event(string citizen, string type, DateTimeOffset time, JsonObject? data = null) => CitizenEvents.Event(citizen, type, time, data);

    [Fact]
    public async Task Denmark_CitizenWhoStartsDagpengeWithASearchDuty_StaysFindableWithoutConsent_OnPublicTask()
    {
        var citizen = NewCitizen();
        var (cvId, _) = await SubmitCv(_jobnet, citizen);
        // No Norwegian fact anywhere: a Danish snapshot states only what Danish rules read.
        await CitizenEvents.SendAsync(_jobnet,
            Event(citizen, "status.snapshot", MinutesAgo(10), new JsonObject { ["consentToEmployers"] = false, ["protectedAddress"] = false, ["searchDuty"] = false }),
            Event(citizen, "active", MinutesAgo(9)));
        await WaitForAudience(_jobnet, cvId, "Caseworkers");

        await CitizenEvents.SendAsync(_jobnet,
            Event(citizen, "benefit.work-oriented.started", MinutesAgo(5), new JsonObject { ["kind"] = "dagpenge" }),
            Event(citizen, "search-duty.started", MinutesAgo(5), new JsonObject { ["kind"] = "dagpenge" }));
        var shown = await Visibility(_jobnet, cvId);

        Assert.Equal("Employers", shown["audience"]!.GetValue<string>());
        Assert.True(shown["searchable"]!.GetValue<bool>());
        Assert.Equal("public-task", shown["legalBasis"]!["employers"]!.GetValue<string>());
        await StorageProbe.Eventually(async () => (await _employer.GetAsync($"api/cvs/{cvId}")).StatusCode == HttpStatusCode.OK, "the employer view");
        var view = await (await _employer.GetAsync($"api/cvs/{cvId}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("public-task", view, StringComparison.Ordinal);
        Assert.DoesNotContain("dagpenge", view, StringComparison.OrdinalIgnoreCase);

        await CitizenEvents.SendAsync(_jobnet, Event(citizen, "search-duty.ended", MinutesAgo(2)));
        var after = await Visibility(_jobnet, cvId);

        Assert.Equal("Caseworkers", after["audience"]!.GetValue<string>());
        Assert.Contains("consent-withdrawn", after["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await _employer.GetAsync($"api/cvs/{cvId}")).StatusCode);
    }

    [Fact]
    public async Task Denmark_ConsentingCitizenWhoStartsDagpengeWithoutADuty_StaysFindableOnConsent()
    {
        var citizen = NewCitizen();
        var (cvId, _) = await SubmitCv(_jobnet, citizen);
        await CitizenEvents.SendAsync(_jobnet,
            Event(citizen, "status.snapshot", MinutesAgo(10), new JsonObject { ["consentToEmployers"] = true, ["protectedAddress"] = false, ["searchDuty"] = false }),
            Event(citizen, "active", MinutesAgo(9)),
            Event(citizen, "benefit.work-oriented.started", MinutesAgo(5), new JsonObject { ["kind"] = "dagpenge" }));

        await WaitForAudience(_jobnet, cvId, "Employers");
        var state = await Visibility(_jobnet, cvId);

        Assert.True(state["searchable"]!.GetValue<bool>());
        Assert.Equal("consent", state["legalBasis"]!["employers"]!.GetValue<string>());
    }

    [Fact]
    public async Task Netherlands_CitizenWithWw_StaysFindable_AndNoBenefitDataReachesEmployers()
    {
        var citizen = NewCitizen();
        var (cvId, _) = await SubmitCv(_werk, citizen);
        await CitizenEvents.SendAsync(_werk,
            Event(citizen, "status.snapshot", MinutesAgo(10), new JsonObject { ["consentToEmployers"] = true, ["protectedAddress"] = false }),
            Event(citizen, "benefit.work-oriented.started", MinutesAgo(5), new JsonObject { ["kind"] = "WW-uitkering" }));

        await WaitForAudience(_werk, cvId, "Employers");
        var state = await Visibility(_werk, cvId);
        await StorageProbe.Eventually(async () => (await _employer.GetAsync($"api/cvs/{cvId}")).StatusCode == HttpStatusCode.OK, "the employer view");
        var view = await (await _employer.GetAsync($"api/cvs/{cvId}")).Content.ReadAsStringAsync();

        Assert.True(state["searchable"]!.GetValue<bool>());
        Assert.Equal("consent", state["legalBasis"]!["employers"]!.GetValue<string>());
        Assert.DoesNotContain("WW", view, StringComparison.Ordinal);
        Assert.DoesNotContain("benefit", view, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Netherlands_CvWithoutEmail_GetsAWarningAndStaysFindable()
    {
        var citizen = NewCitizen();
        var (cvId, answer) = await SubmitCv(_werk, citizen, cv =>
        {
            cv["personalDetails"]!.AsObject().Remove("email");
            cv["personalDetails"]!.AsObject().Remove("phone");
        });
        await CitizenEvents.SendAsync(_werk,
            Event(citizen, "status.snapshot", MinutesAgo(3), new JsonObject { ["consentToEmployers"] = true, ["protectedAddress"] = false }));

        await WaitForAudience(_werk, cvId, "Employers");

        var warning = Assert.Single(answer["warnings"]!.AsArray(), w => w!["rule"]!.GetValue<string>() == "email-expected");
        Assert.Equal("/personalDetails/email", warning!["field"]!.GetValue<string>());
        Assert.True((await Visibility(_werk, cvId))["searchable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Norway_CitizenWithAWorkOrientedBenefit_IsHiddenWhateverTheConsent()
    {
        var citizen = NewCitizen();
        var (cvId, _) = await SubmitCv(_nav, citizen);
        await CitizenEvents.SendAsync(_navSource, CitizenEvents.AllClear(citizen, MinutesAgo(10)));
        await WaitForAudience(_nav, cvId, "Employers");

        await CitizenEvents.SendAsync(_navSource, Event(citizen, "benefit.work-oriented.started", MinutesAgo(5)));
        var state = await Visibility(_nav, cvId);

        Assert.Equal("Caseworkers", state["audience"]!.GetValue<string>());
        Assert.Equal(["work-oriented-benefit"], state["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("none", state["legalBasis"]!["employers"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _employer.GetAsync($"api/cvs/{cvId}")).StatusCode);
    }

    [Fact]
    public async Task GrantDated2999_IsRefusedNamingTheTime_AndNothingIsStored()
    {
        var citizen = NewCitizen();
        var grant = Event(citizen, "consent.granted", DateTimeOffset.UtcNow, new JsonObject { ["purpose"] = "employers" });
        grant["time"] = "2999-01-01T00:00:00Z";

        var response = await _navSource.PostAsync("api/consent-events", CvSamples.Json(grant, "application/cloudevents+json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var result = Assert.Single(problem["results"]!.AsArray());
        Assert.Equal("rejected", result!["status"]!.GetValue<string>());
        var error = Assert.Single(result["errors"]!.AsArray());
        Assert.Equal(("/time", "not-in-future"), (error!["field"]!.GetValue<string>(), error["rule"]!.GetValue<string>()));
        Assert.DoesNotContain(await _probe.EntitiesAsync("CitizenEvents"), e => e.PartitionKey == $"nav|{citizen}");
    }

    [Fact]
    public async Task FutureGrantInABatch_IsRejectedAlone_AndCannotOutrankAWithdrawal()
    {
        var citizen = NewCitizen();
        var (cvId, _) = await SubmitCv(_nav, citizen);
        await CitizenEvents.SendAsync(_navSource, CitizenEvents.AllClear(citizen, MinutesAgo(10)));
        await WaitForAudience(_nav, cvId, "Employers");
        var withdrawal = CitizenEvents.Withdrawal(citizen, MinutesAgo(1));
        var farGrant = Event(citizen, "consent.granted", DateTimeOffset.UtcNow, new JsonObject { ["purpose"] = "employers" });
        farGrant["time"] = "2999-01-01T00:00:00Z";
        // Within the skew: taken as the moment the hub received it, so it is not later than a withdrawal sent after it.
        var nearGrant = Event(citizen, "consent.granted", DateTimeOffset.UtcNow.AddMinutes(4), new JsonObject { ["purpose"] = "employers" });

        var response = await _navSource.PostAsync("api/consent-events", CvSamples.Json(new JsonArray(withdrawal, farGrant), "application/cloudevents-batch+json"));
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        await CitizenEvents.SendAsync(_navSource, nearGrant);
        await CitizenEvents.SendAsync(_navSource, CitizenEvents.Withdrawal(citizen, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["applied", "rejected"], results.Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal("Caseworkers", (await Visibility(_nav, cvId))["audience"]!.GetValue<string>());
        var stored = (await _probe.EntitiesAsync("CitizenEvents")).Where(e => e.PartitionKey == $"nav|{citizen}").ToList();
        Assert.Equal(4, stored.Count);
        Assert.All(stored, e => Assert.True(e.GetDateTimeOffset("EventTime") <= DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task CvWithIdsWrittenWithSeparators_IsFlaggedAtIntake_AndRedactedForEmployers()
    {
        var citizen = NewCitizen();
        var fnr = Fodselsnummer(1, 1, 90);
        var (cvId, answer) = await SubmitCv(_nav, citizen, cv =>
        {
            cv["summary"] = $"Fødselsnummer {fnr[..6]}-{fnr[6..]}, BSN 111-222-333, CPR 12.03.87\u20111234.";
            cv["workExperience"]![0]!["description"] = $"Ref. {fnr[..6]}\u2009{fnr[6..]}";
        });
        await CitizenEvents.SendAsync(_navSource, CitizenEvents.AllClear(citizen, MinutesAgo(5)));
        await WaitForAudience(_nav, cvId, "Employers");

        var warnings = answer["warnings"]!.AsArray().Where(w => w!["rule"]!.GetValue<string>() == "national-id-number").Select(w => w!["field"]!.GetValue<string>()).ToList();
        var owner = (await _nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}"))!;
        await StorageProbe.Eventually(async () => (await _employer.GetAsync($"api/cvs/{cvId}")).StatusCode == HttpStatusCode.OK, "the employer view");
        var view = await (await _employer.GetAsync($"api/cvs/{cvId}")).Content.ReadAsStringAsync();

        Assert.Equal(["/summary", "/summary", "/summary", "/workExperience/0/description"], warnings.Order(StringComparer.Ordinal));
        Assert.Equal(4, owner["nationalIdFindings"]!.AsArray().Count);
        Assert.DoesNotContain(fnr[6..], view, StringComparison.Ordinal);
        Assert.DoesNotContain("222-333", view, StringComparison.Ordinal);
        Assert.DoesNotContain("12.03.87", view, StringComparison.Ordinal);
        Assert.Contains("[removed]", view, StringComparison.Ordinal);
    }

    /// <summary>A valid fødselsnummer: DDMMYY, three individual digits, two mod-11 check digits (computed, not typed).</summary>
    private static string Fodselsnummer(int day, int month, int year)
    {
        for (var individual = 100; individual < 1000; individual++)
        {
            var body = string.Create(CultureInfo.InvariantCulture, $"{day:D2}{month:D2}{year:D2}{individual:D3}");
            var k1 = Check(body, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
            var k2 = k1 is null ? null : Check(body + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
            if (k2 is not null)
            {
                return $"{body}{k1}{k2}";
            }
        }
        throw new InvalidOperationException("no valid individual number");

        static int? Check(string digits, int[] weights)
        {
            var k = 11 - (weights.Select((w, i) => w * (digits[i] - '0')).Sum() % 11);
            return k switch { 11 => 0, 10 => null, _ => k };
        }
    }
}
