using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Erasure;
using IntegrationHub.IntegrationTests.Breach;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Erasure;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.IntegrationTests.Erasure;

/// <summary>
/// DELETE /api/citizens/{citizenId} over the dev host: a citizen whose CV and events carry unique markers is erased,
/// and a scan of every table, blob and queue of both accounts then finds neither the citizen id nor a marker, except
/// under a named hold; late events cannot bring them back; unknown and other registries' citizens are 404.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class CitizenErasureTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private const string Dana = "0b7a3c6e-0000-4000-8000-0000000d0001";

    private HttpClient _source = null!;
    private HttpClient _employer = null!;
    private HttpClient _privacy = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _source = Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        _employer = Host.EmployerPerson();
        _privacy = Host.Client(Host.Entra.Mint([HubRoles.BreachManage], HubTestHost.PrivacyConsoleClient, userObjectId: Dana));
    }

    /// <summary>A citizen with a CV visible to employers and boards, read once by an employer; every value that names them carries the marker.</summary>
    internal static async Task<(string Citizen, string CvId, string[] Needles)> MarkedCitizenAsync(HttpClient nav, HttpClient source, HttpClient employer)
    {
        var marker = "mk" + Guid.NewGuid().ToString("N")[..12];
        var citizen = "cit-" + marker;
        var cv = CvSamples.Cv(externalId: "ext-" + marker, citizenId: citizen);
        cv["personalDetails"]!["givenName"] = "Given" + marker;
        cv["personalDetails"]!["familyName"] = "Family" + marker;
        cv["personalDetails"]!["email"] = marker + "@example.com";
        cv["summary"] = "Summary " + marker + " with enough words to be a summary.";
        var response = await nav.PostAsync("api/cvs", CvSamples.Json(cv));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var cvId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
        var clear = CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-10));
        clear["id"] = "evt-" + marker;
        await CitizenEvents.SendAsync(source, clear,
            CitizenEvents.Event(citizen, "consent.granted", DateTimeOffset.UtcNow.AddMinutes(-9), new JsonObject { ["purpose"] = "boards" }));
        // 90 s, not the default 30: intake and the decision run through queues, slow when several test runs share two cores.
        await StorageProbe.Eventually(async () => (await nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/visibility"))!["audience"]!.GetValue<string>() == "Employers",
            "the CV to be visible to employers", seconds: 90);
        Assert.Equal(HttpStatusCode.OK, (await employer.GetAsync($"api/cvs/{cvId}")).StatusCode);
        return (citizen, cvId, [citizen, marker]);
    }

    private async Task<List<string>> ScanAsync(string[] needles) => await StorageScan.FindAsync(Azurite, Host.Prefix, needles);

    private static async Task<JsonObject> ProblemOf(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    [Fact]
    public async Task EraseCitizen_CvAndEvents_204AndNoStoreHoldsTheIdOrAnyMarker()
    {
        // Arrange
        var (citizen, cvId, needles) = await MarkedCitizenAsync(Nav, _source, _employer);
        Assert.NotEmpty(await ScanAsync(needles));

        // Act
        var response = await Nav.DeleteAsync($"api/citizens/{citizen}");

        // Assert: 204, and once the queues and the outbox have drained nothing anywhere names the citizen.
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        var hits = await StorageProbe.Settle(() => ScanAsync(needles), h => h.Count == 0, 30);
        Assert.True(hits.Count == 0, "still naming the citizen 30 s after the erasure: " + string.Join(", ", hits));
        Assert.Equal(HttpStatusCode.NotFound, (await Nav.GetAsync($"api/cvs/{cvId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _employer.GetAsync($"api/cvs/{cvId}")).StatusCode);
        // Recipients are told: the boards' change list closes the CV, and CvErased goes out naming the CV only.
        var feed = await Probe.EntitiesAsync(AccessTables.BoardFeedTable);
        Assert.Contains(feed, r => r.PartitionKey == "changes" && r.GetString("CvId") == cvId && r.GetString("Change") == "closed");
        await StorageProbe.Eventually(async () => (await Probe.EntitiesAsync(OutboxTables.OutboundEventsTable)).Any(e => e.GetString("Type") == CvErased.EventType && e.GetString("SessionKey") == cvId),
            "the CvErased event published");
        // Nothing is left to erase: a second request finds no citizen.
        Assert.Equal(HttpStatusCode.NotFound, (await Nav.DeleteAsync($"api/citizens/{citizen}")).StatusCode);
    }

    [Fact]
    public async Task EraseCitizen_EventsOnlyNoCv_204AndLedgerEmpty()
    {
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..12];
        await CitizenEvents.SendAsync(_source, CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-1)));

        var response = await Nav.DeleteAsync($"api/citizens/{citizen}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await ScanAsync([citizen]));
    }

    [Fact]
    public async Task EraseCitizen_UnknownOrAnotherRegistrysOrBadId_404Or400AndNothingErased()
    {
        // Arrange: a NAV citizen with events
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..12];
        await CitizenEvents.SendAsync(_source, CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-1)));
        var jobnet = Host.ClientFor(HubTestHost.JobnetRegistryClient, HubRoles.CvSubmit);

        // Act / Assert
        Assert.Equal(HttpStatusCode.NotFound, (await Nav.DeleteAsync("api/citizens/cit-nobody-" + Guid.NewGuid().ToString("N")[..8])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await jobnet.DeleteAsync($"api/citizens/{citizen}")).StatusCode);
        var bad = await Nav.DeleteAsync("api/citizens/bad!id");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("/citizenId", (await ProblemOf(bad))["errors"]![0]!["field"]!.GetValue<string>());
        Assert.NotEmpty(await ScanAsync([citizen]));
        Assert.DoesNotContain(await Probe.EntitiesAsync(ErasureTables.ErasuresTable), e => e.RowKey.StartsWith("t|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LateEvent_OlderThanTheErasure_410_NewerStartsFresh()
    {
        // Arrange
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..12];
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        await CitizenEvents.SendAsync(_source, CitizenEvents.AllClear(citizen, before));
        Assert.Equal(HttpStatusCode.NoContent, (await Nav.DeleteAsync($"api/citizens/{citizen}")).StatusCode);

        // Act: an event from before the erasure arrives late
        var late = await _source.PostAsync("api/consent-events", CvSamples.Json(CitizenEvents.AllClear(citizen, before.AddMinutes(1)), "application/cloudevents+json"));

        // Assert: refused as gone, nothing stored; a newer event is a new start.
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.EndsWith("/citizen-erased", (await ProblemOf(late))["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await ScanAsync([citizen]));
        await CitizenEvents.SendAsync(_source, CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow));
        Assert.NotEmpty(await ScanAsync([citizen]));
    }

    [Fact]
    public async Task EraseCitizen_InAnUnreportedCampaign_409NamingTheHold_RestErased_ThenAllAfterReportFiled()
    {
        // Arrange: the citizen is in a counted breach campaign's audience (an uploaded list)
        var (citizen, _, needles) = await MarkedCitizenAsync(Nav, _source, _employer);
        var draft = ReportFiledTests.Draft(DateTimeOffset.UtcNow.AddHours(-1),
            new JsonObject { ["kind"] = "citizens", ["registry"] = "nav", ["citizenIds"] = new JsonArray(citizen) });
        var campaign = await ReportFiledTests.CreateAsync(_privacy, draft);
        await BreachCampaignTests.CountedAsync(_privacy, campaign);

        // Act
        var response = await Nav.DeleteAsync($"api/citizens/{citizen}");

        // Assert: 409 naming the hold; what remains is the campaign's own rows and the job that waits for it.
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.EndsWith("/legal-hold", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["breach-campaign:" + campaign], problem["holds"]!.AsArray().Select(h => h!.GetValue<string>()));
        var hits = await StorageProbe.Settle(() => ScanAsync(needles), h => h.All(Held), 30);
        Assert.All(hits, h => Assert.True(Held(h), h));
        Assert.Contains(hits, h => h.StartsWith("table:BreachAudience:" + campaign, StringComparison.Ordinal));

        // Act 2: the campaign ends and its report is filed: the hold ends and the rest goes.
        Assert.Equal(HttpStatusCode.OK, (await _privacy.PostAsync($"api/breaches/{campaign}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _privacy.PostAsync($"api/breaches/{campaign}/report-filed",
            CvSamples.Json(ReportFiledTests.Filing("DT-1", DateTimeOffset.UtcNow)))).StatusCode);

        // Assert 2
        hits = await StorageProbe.Settle(() => ScanAsync(needles), h => h.Count == 0, 30);
        Assert.True(hits.Count == 0, "still naming the citizen 30 s after the report was filed: " + string.Join(", ", hits));

        bool Held(string hit) =>
            hit.StartsWith("table:BreachAudience:" + campaign, StringComparison.Ordinal)
            || hit.StartsWith("table:BreachAudiencePacks:" + campaign, StringComparison.Ordinal)
            || hit.StartsWith("table:Breaches:" + campaign, StringComparison.Ordinal)
            || hit.StartsWith("table:Erasures:nav/job|", StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteCvForGood_ErasesTheCitizenEverywhere()
    {
        var (_, cvId, needles) = await MarkedCitizenAsync(Nav, _source, _employer);

        var response = await Nav.DeleteAsync($"api/cvs/{cvId}?forGood=true");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var hits = await StorageProbe.Settle(() => ScanAsync(needles), h => h.Count == 0, 30);
        Assert.True(hits.Count == 0, "still naming the citizen 30 s after the erasure: " + string.Join(", ", hits));
    }
}
