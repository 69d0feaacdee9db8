using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.IntegrationTests.JobAds;

namespace IntegrationHub.IntegrationTests.Hardening;

/// <summary>
/// The four 500s of issue 15, each sent through the real dev host: each is now a 400 problem naming the field and the
/// rule, and nothing is stored.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class KnownServerErrorsTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private HttpClient _ats = null!;
    private HttpClient _source = null!;
    private HttpClient _privacy = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _ats = Host.ClientFor(HubTestHost.RecruitmentSystemClient, HubRoles.JobAdSubmit);
        _source = Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        _privacy = Host.Client(Host.Entra.Mint([HubRoles.BreachManage], HubTestHost.PrivacyConsoleClient, userObjectId: "0b7a3c6e-0000-4000-8000-00000000a11c"));
    }

    [Fact]
    public async Task PostCv_DuplicateKey_Returns400DuplicateKeyNamingThePath_AndStoresNothing()
    {
        var cv = CvSamples.Cv().ToJsonString();
        var body = "{\"summary\":\"first\"," + cv[1..];

        var (field, rule) = await RefusedAsync(Nav, "api/cvs", body, "application/json", "duplicate-key");

        Assert.Equal(("/summary", "duplicate-key"), (field, rule));
    }

    [Fact]
    public async Task PostCv_NestedDuplicateKey_NamesTheNestedPath()
    {
        var cv = CvSamples.Cv();
        var body = cv.ToJsonString().Replace("\"personalDetails\":{", "\"personalDetails\":{\"email\":\"a@b.no\",", StringComparison.Ordinal);
        Assert.Contains("\"email\":\"a@b.no\"", body, StringComparison.Ordinal);

        var (field, _) = await RefusedAsync(Nav, "api/cvs", body, "application/json", "duplicate-key");

        Assert.Equal("/personalDetails/email", field);
    }

    [Fact]
    public async Task PostJobAd_DuplicateKey_Returns400DuplicateKey_AndStoresNothing()
    {
        var body = "{\"title\":\"first\"," + JobAdExamples.Json().ToJsonString()[1..];

        var (field, _) = await RefusedAsync(_ats, "api/jobads", body, "application/json", "duplicate-key");

        Assert.Equal("/title", field);
    }

    public static TheoryData<string, string, string> MarkupWithControls => new()
    {
        { "/title", "<b>Lærer\u0000</b>", "control-character" },
        { "/jobTitle", "<i>Lærer\u202E</i>", "bidi-control" },
        { "/employer/name", "<b>Skole\u0000AS</b>", "control-character" },
        { "/locations/0/address", "<script>x\u2066</script>", "bidi-control" },
        { "/locations/0/city", "<p>Oslo\u0000</p>", "control-character" },
        { "/title", "Lærer\nOslo", "control-character" },
        { "/adText", "<p>Tekst\u202Dsnudd</p>", "bidi-control" },
    };

    [Theory]
    [MemberData(nameof(MarkupWithControls))]
    public async Task PostJobAd_MarkupWithNulOrBidiInATextField_Returns400NamingTheField_AndStoresNothing(string field, string value, string rule)
    {
        var ad = JobAdExamples.Json(json =>
        {
            var parts = field.Trim('/').Split('/');
            JsonNode node = json;
            foreach (var part in parts[..^1])
            {
                node = int.TryParse(part, out var i) ? node[i]! : node[part]!;
            }
            node[parts[^1]] = value;
        });

        var refused = await RefusedAsync(_ats, "api/jobads", ad.ToJsonString(), "application/json", "validation");

        Assert.Equal((field, rule), refused);
    }

    [Fact]
    public async Task PostJobAd_TabAndLineBreaksInTheAdText_AreFreeTextAndAccepted()
    {
        var ad = JobAdExamples.Json(json => json["adText"] = "<p>Første avsnitt.</p>\r\n\t<p>Andre.</p>");

        var response = await _ats.PostAsync("api/jobads", CvSamples.Json(ad));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostConsentEvent_SourceLongerThanTheSchemaAllows_Returns400MaxLength_AndStoresNothing()
    {
        var e = CitizenEvents.Event("cit-1", "consent.granted", DateTimeOffset.UtcNow, new JsonObject { ["purpose"] = "employers" });
        e["source"] = "urn:" + new string('s', 70_000);

        var refused = await RefusedEventAsync(e);

        Assert.Contains(("/source", "maxLength"), refused);
    }

    [Fact]
    public async Task PostConsentEvent_NumericDataContentType_Returns400Type_AndStoresNothing()
    {
        var e = CitizenEvents.Event("cit-1", "consent.granted", DateTimeOffset.UtcNow, new JsonObject { ["purpose"] = "employers" });
        e["datacontenttype"] = 5;

        var refused = await RefusedEventAsync(e);

        Assert.Contains(("/datacontenttype", "type"), refused);
    }

    [Fact]
    public async Task PostBreach_LongTextsInDanish_AreStoredAndReadBack()
    {
        // Each text at the schema's 4,000 characters, every one non-ASCII: escaped in one JSON column they were 72,000
        // characters, over a Table property's 32K (the breach-draft 500). Consequences and measures in each of the five
        // letter languages (ADR 0034 update) are ten such texts: a column each.
        var draft = Draft();
        draft["description"] = new string('æ', 4000);
        foreach (var language in new[] { "nb", "nn", "da", "nl", "en" })
        {
            draft["likelyConsequences"]![language] = new string('ø', 4000);
            draft["measuresTaken"]![language] = new string('å', 4000);
        }

        var response = await _privacy.PostAsync("api/breaches", CvSamples.Json(draft));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var stored = (await _privacy.GetFromJsonAsync<JsonObject>($"api/breaches/{id}"))!;
        Assert.Equal(new string('æ', 4000), stored["description"]!.GetValue<string>());
        Assert.Equal(new string('ø', 4000), stored["likelyConsequencesByLanguage"]!["da"]!.GetValue<string>());
        Assert.Equal(new string('å', 4000), stored["measuresTakenByLanguage"]!["nn"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/window/from", "0001-01-01T00:00:00+01:00")]
    [InlineData("/detectedAt", "9999-12-31T23:00:00Z")]
    [InlineData("/window/from", "1000-01-01T00:00:00Z")]
    public async Task PostBreach_TimeOutsideTheStorableRange_Returns400Range_AndStoresNothing(string field, string value)
    {
        var draft = Draft();
        if (field == "/detectedAt")
        {
            draft["detectedAt"] = value;
        }
        else
        {
            draft["window"]!["from"] = value;
        }

        var refused = await RefusedAsync(_privacy, "api/breaches", draft.ToJsonString(), "application/json", "validation");

        Assert.Equal((field, "range"), refused);
    }

    [Fact]
    public async Task PostBreach_NulInTheTitle_Returns400ControlCharacter_AndStoresNothing()
    {
        var draft = Draft();
        draft["title"] = "Brudd\u0000";

        var refused = await RefusedAsync(_privacy, "api/breaches", draft.ToJsonString(), "application/json", "validation");

        Assert.Equal(("/title", "control-character"), refused);
    }

    private static JsonObject Draft() => JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "breach-campaign.json")))!.AsObject();

    private async Task<List<(string Field, string Rule)>> RefusedEventAsync(JsonObject e)
    {
        var before = await StorageSnapshot.TakeAsync(Azurite, Host.Prefix);
        var response = await _source.PostAsync("api/consent-events", CvSamples.Json(e, "application/cloudevents+json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var problem = JsonNode.Parse(text)!;
        Assert.EndsWith("/validation", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(StorageSnapshot.Diff(before, await StorageSnapshot.TakeAsync(Azurite, Host.Prefix)));
        return [.. problem["results"]![0]!["errors"]!.AsArray().Select(x => (x!["field"]!.GetValue<string>(), x["rule"]!.GetValue<string>()))];
    }

    /// <summary>Posts, expects 400 of the problem type with one error, checks nothing was stored, returns the error's field and rule.</summary>
    private async Task<(string Field, string Rule)> RefusedAsync(HttpClient client, string route, string body, string mediaType, string type)
    {
        var before = await StorageSnapshot.TakeAsync(Azurite, Host.Prefix);
        var response = await client.PostAsync(route, new StringContent(body, System.Text.Encoding.UTF8, mediaType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.EndsWith("/" + type, problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Empty(StorageSnapshot.Diff(before, await StorageSnapshot.TakeAsync(Azurite, Host.Prefix)));
        return (error["field"]!.GetValue<string>(), error["rule"]!.GetValue<string>());
    }
}
