using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Breach;

/// <summary>
/// report-filed: records the authority's reference, when it was filed and who recorded it (from the token), and
/// gives the state "reported"; only from completed or cancelled; bad input names the field and changes nothing.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class ReportFiledTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private const string Carol = "0b7a3c6e-0000-4000-8000-0000000c0001";

    private HttpClient _carol = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _carol = Host.Client(Host.Entra.Mint([HubRoles.BreachManage], HubTestHost.PrivacyConsoleClient, userObjectId: Carol));
    }

    internal static JsonObject Draft(DateTimeOffset detectedAt, JsonNode? selector = null) => new()
    {
        ["title"] = "Report test",
        ["description"] = "A breach to report.",
        ["detectedAt"] = CitizenEvents.Time(detectedAt),
        ["window"] = new JsonObject { ["from"] = CitizenEvents.Time(detectedAt.AddDays(-1)), ["to"] = CitizenEvents.Time(detectedAt) },
        ["dataCategories"] = new JsonArray("cv-text"),
        ["likelyConsequences"] = "Employers may know the person was looking for work.",
        ["measuresTaken"] = "Access closed.",
        ["selector"] = selector ?? new JsonObject { ["kind"] = "access-log", ["party"] = "employer:acme" },
        ["letters"] = new JsonObject { ["fallback"] = "en", ["en"] = new JsonObject { ["subject"] = "About your CV", ["body"] = "It concerns {{categories}}. {{consequences}} {{measures}} Data protection officer: {{dpo}}." } },
        ["channelPolicy"] = new JsonObject { ["channels"] = new JsonArray("digital-mailbox") },
    };

    internal static async Task<string> CreateAsync(HttpClient client, JsonObject draft)
    {
        var response = await client.PostAsync("api/breaches", CvSamples.Json(draft));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    internal static JsonObject Filing(string reference, DateTimeOffset filedAt) => new() { ["reference"] = reference, ["filedAt"] = CitizenEvents.Time(filedAt) };

    [Fact]
    public async Task ReportFiled_CancelledCampaign_StateReportedWithReferenceTimeAndWho()
    {
        // Arrange
        var detected = DateTimeOffset.UtcNow.AddHours(-2);
        var id = await CreateAsync(_carol, Draft(detected));
        Assert.Equal(HttpStatusCode.OK, (await _carol.PostAsync($"api/breaches/{id}/cancel", null)).StatusCode);
        var filedAt = DateTimeOffset.UtcNow.AddMinutes(-5);

        // Act
        var response = await _carol.PostAsync($"api/breaches/{id}/report-filed", CvSamples.Json(Filing("DT-2026-0042", filedAt)));

        // Assert: the answer and a later GET show the filing, with the person from the token
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var campaign = (await _carol.GetFromJsonAsync<JsonObject>($"api/breaches/{id}"))!;
        Assert.Equal("reported", campaign["status"]!.GetValue<string>());
        Assert.Equal("DT-2026-0042", campaign["reportFiled"]!["reference"]!.GetValue<string>());
        Assert.Equal(Carol, campaign["reportFiled"]!["recordedBy"]!.GetValue<string>());
        Assert.Equal(filedAt.UtcTicks / TimeSpan.TicksPerSecond, campaign["reportFiled"]!["filedAt"]!.GetValue<DateTimeOffset>().UtcTicks / TimeSpan.TicksPerSecond);
        Assert.Contains(campaign["audit"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "report-filed" && a["by"]!.GetValue<string>() == Carol);

        // Filing twice is not a state change
        var again = await _carol.PostAsync($"api/breaches/{id}/report-filed", CvSamples.Json(Filing("DT-2026-0043", filedAt)));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.EndsWith("/illegal-transition", (await again.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportFiled_DraftCampaign_Conflict()
    {
        var id = await CreateAsync(_carol, Draft(DateTimeOffset.UtcNow.AddHours(-1)));

        var response = await _carol.PostAsync($"api/breaches/{id}/report-filed", CvSamples.Json(Filing("X-1", DateTimeOffset.UtcNow)));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("draft", (await _carol.GetFromJsonAsync<JsonObject>($"api/breaches/{id}"))!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"filedAt":"2026-01-01T00:00:00Z"}""", "/reference")]
    [InlineData("""{"reference":"","filedAt":"2026-01-01T00:00:00Z"}""", "/reference")]
    [InlineData("""{"reference":"A\u0007B","filedAt":"2026-01-01T00:00:00Z"}""", "/reference")]
    [InlineData("""{"reference":"A-1"}""", "/filedAt")]
    [InlineData("""{"reference":"A-1","filedAt":"yesterday"}""", "/filedAt")]
    [InlineData("""{"reference":"A-1","filedAt":"2999-01-01T00:00:00Z"}""", "/filedAt")]
    [InlineData("""{"reference":"A-1","filedAt":"2000-01-01T00:00:00Z"}""", "/filedAt")]
    [InlineData("""{"reference":"A-1","filedAt":"2026-01-01T00:00:00Z","by":"someone"}""", "/by")]
    public async Task ReportFiled_BadInput_400NamingTheFieldAndNothingStored(string body, string field)
    {
        var id = await CreateAsync(_carol, Draft(DateTimeOffset.Parse("2025-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, (await _carol.PostAsync($"api/breaches/{id}/cancel", null)).StatusCode);

        var response = await _carol.PostAsync($"api/breaches/{id}/report-filed", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(problem["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == field);
        var campaign = (await _carol.GetFromJsonAsync<JsonObject>($"api/breaches/{id}"))!;
        Assert.Equal("cancelled", campaign["status"]!.GetValue<string>());
        Assert.Null(campaign["reportFiled"]);
    }
}
