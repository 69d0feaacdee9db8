using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Visibility;

/// <summary>
/// GET /api/visibility/exposures: "which CVs could employers see between T1 and T2 while their owner had a
/// work-oriented benefit?" (the NAV case), from the served history and the ledger's world times.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ExposuresEndToEndTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private HttpClient _source = null!;
    private HttpClient _privacy = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _source = Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        _privacy = Host.ClientFor(HubTestHost.PrivacyConsoleClient, HubRoles.BreachManage);
    }

    private static JsonObject Event(string citizenId, string type, DateTimeOffset time, JsonObject? data = null) =>
        CitizenEvents.Event(citizenId, type, time, data);

    private static JsonObject AllClear(string citizenId, DateTimeOffset time) => CitizenEvents.AllClear(citizenId, time);

    private Task Send(params JsonObject[] events) => CitizenEvents.SendAsync(_source, events);

    private async Task<string> VisibleCv(string citizen, DateTimeOffset clearSince)
    {
        var response = await Nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizen)));
        var cvId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
        await Send(AllClear(citizen, clearSince));
        await StorageProbe.Eventually(async () => (await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/visibility"))!["audience"]!.GetValue<string>() == "Employers",
            "the CV to be visible to employers");
        return cvId;
    }

    private Task<HttpResponseMessage> Query(string query) => _privacy.GetAsync("api/visibility/exposures?" + query);

    [Fact]
    public async Task BenefitLearnedLate_CvShownMeanwhile_IsFoundWithTheWindowItWasShownWhileTheBenefitHeld()
    {
        // Arrange: two CVs shown to employers; then the case system reports, late, that one owner's work-oriented benefit
        // had started (in the world) before the hub knew. The hub hides that CV at once, but it was shown meanwhile.
        var start = DateTimeOffset.UtcNow;
        var affected = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var bystander = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var affectedCv = await VisibleCv(affected, start.AddHours(-2));
        var bystanderCv = await VisibleCv(bystander, start.AddHours(-2));
        var benefitStarted = DateTimeOffset.UtcNow;
        await Task.Delay(300);
        await Send(Event(affected, "benefit.work-oriented.started", benefitStarted));
        var hiddenAt = DateTimeOffset.UtcNow;

        // Act
        var withFact = await Query($"registry=nav&from={CitizenEvents.Time(start.AddMinutes(-1))}&to={CitizenEvents.Time(hiddenAt.AddMinutes(1))}&fact=work-oriented-benefit");
        var all = await Query($"registry=nav&from={CitizenEvents.Time(start.AddMinutes(-1))}&to={CitizenEvents.Time(hiddenAt.AddMinutes(1))}");

        // Assert
        Assert.Equal(HttpStatusCode.OK, withFact.StatusCode);
        var items = (await withFact.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray();
        var match = Assert.Single(items);
        Assert.Equal((affected, affectedCv), (match!["citizenId"]!.GetValue<string>(), match["cvId"]!.GetValue<string>()));
        var window = Assert.Single(match["windows"]!.AsArray())!;
        Assert.Equal(benefitStarted.UtcTicks / 10, window["from"]!.GetValue<DateTimeOffset>().UtcTicks / 10);
        Assert.InRange(window["to"]!.GetValue<DateTimeOffset>(), benefitStarted, hiddenAt);
        var everyone = (await all.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(i => i!["cvId"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(new HashSet<string> { affectedCv, bystanderCv }, everyone);
    }

    [Fact]
    public async Task WindowBeforeAnythingWasShown_FindsNothing()
    {
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        await VisibleCv(citizen, DateTimeOffset.UtcNow.AddHours(-1));

        var response = await Query($"registry=nav&from={CitizenEvents.Time(DateTimeOffset.UtcNow.AddDays(-2))}&to={CitizenEvents.Time(DateTimeOffset.UtcNow.AddDays(-1))}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray());
    }

    [Theory]
    [InlineData("from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z", "?registry", "required")]
    [InlineData("registry=nope&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z", "?registry", "enum")]
    [InlineData("registry=nav&from=2026-11-01&to=2026-11-02T00:00:00Z", "?from", "format")]
    [InlineData("registry=nav&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "?to", "order")]
    [InlineData("registry=nav&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&fact=shoe-size", "?fact", "enum")]
    public async Task BadQuery_Returns400NamingTheParameterAndRule(string query, string field, string rule)
    {
        var response = await Query(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["field"]!.GetValue<string>() == field && e["rule"]!.GetValue<string>() == rule);
    }
}
