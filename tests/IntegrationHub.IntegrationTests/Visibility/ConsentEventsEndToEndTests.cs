using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Visibility;

namespace IntegrationHub.IntegrationTests.Visibility;

/// <summary>POST /api/consent-events over real HTTP: results per event, duplicates as no-ops, nothing invalid stored.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConsentEventsEndToEndTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private const string Single = "application/cloudevents+json";
    private const string Batch = "application/cloudevents-batch+json";
    private HttpClient _source = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _source = Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
    }

    private static JsonObject Consent(string? id = null)
    {
        var node = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-event-consent-granted.json")))!.AsObject();
        node["id"] = id ?? Guid.NewGuid().ToString();
        return node;
    }

    private static JsonArray BatchExample() => JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-events-batch.json")))!.AsArray();

    private Task<HttpResponseMessage> Post(JsonNode body, string mediaType) => _source.PostAsync("api/consent-events", CvSamples.Json(body, mediaType));

    private Task<int> StoredEvents() => Probe.EntitiesAsync(VisibilityTables.CitizenEventsTable).ContinueWith(t => t.Result.Count, TaskScheduler.Default);

    [Fact]
    public async Task Post_SingleEvent_IsApplied_AndTheSameEventAgainIsADuplicate()
    {
        var consent = Consent();

        var first = await Post(consent, Single);
        var again = await Post(consent, Single);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("applied", (await first.Content.ReadFromJsonAsync<JsonObject>())!["results"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", (await again.Content.ReadFromJsonAsync<JsonObject>())!["results"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(1, await StoredEvents());
    }

    [Fact]
    public async Task Post_BatchWithValidInvalidAndRepeatedEvents_Returns200WithAResultEach_AndStoresOnlyTheValidOnce()
    {
        var batch = BatchExample();
        var invalid = Consent("bad-1");
        invalid.Remove("subject");
        batch.Add(invalid);
        batch.Add(batch[0]!.DeepClone());

        var response = await Post(batch, Batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        Assert.Equal(["applied", "applied", "applied", "rejected", "duplicate"], results.Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal("/subject", results[3]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("bad-1", results[3]!["id"]!.GetValue<string>());
        Assert.Equal(3, await StoredEvents());
    }

    [Fact]
    public async Task Post_BatchWhereEveryEventIsRejected_Returns400_AndStoresNothing()
    {
        var first = Consent();
        first["time"] = "not a time";
        var second = Consent();
        second["type"] = "org.integrationhub.citizen.nonsense";

        var response = await Post(new JsonArray(first, second), Batch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.EndsWith("/validation", problem!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("/time", problem["results"]![0]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("/type", problem["results"]![1]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(0, await StoredEvents());
    }

    [Fact]
    public async Task Post_SingleInvalidEvent_Returns400_AndStoresNothing()
    {
        var consent = Consent();
        consent["data"]!.AsObject().Remove("purpose");

        var response = await Post(consent, Single);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await StoredEvents());
    }

    [Fact]
    public async Task Post_ArrayAsASingleEvent_WrongContentType_OrOversizedBatch_IsRefused_AndStoresNothing()
    {
        var array = await Post(new JsonArray(Consent()), Single);
        var xml = await _source.PostAsync("api/consent-events", new StringContent("<event/>", System.Text.Encoding.UTF8, "application/xml"));
        var oversized = await Post(new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)Consent())]), Batch);

        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);
        Assert.EndsWith("/batch-size", (await oversized.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await StoredEvents());
    }

    [Fact]
    public async Task Post_FromAClientBoundToAnEmployer_Returns403_AndStoresNothing()
    {
        var employer = Host.ClientFor(HubTestHost.EmployerClient, HubRoles.ConsentWrite);

        var response = await employer.PostAsync("api/consent-events", CvSamples.Json(Consent(), Single));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await StoredEvents());
    }
}
