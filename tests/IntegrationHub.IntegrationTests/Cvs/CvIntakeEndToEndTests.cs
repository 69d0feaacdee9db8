using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Cvs;

namespace IntegrationHub.IntegrationTests.Cvs;

/// <summary>A registry's CV lifecycle over real HTTP through the dev host, on real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CvIntakeEndToEndTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private HttpClient _jobnet = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _jobnet = Host.ClientFor(HubTestHost.JobnetRegistryClient, HubRoles.CvSubmit);
    }

    [Fact]
    public async Task Post_NewCv_Returns202WithRandomIdAndVersion1_AndGetReturnsIt()
    {
        var cv = CvSamples.Cv();

        var response = await Nav.PostAsync("api/cvs", CvSamples.Json(cv));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var cvId = body!["cvId"]!.GetValue<string>();
        Assert.Equal(1, body["version"]!.GetValue<int>());
        Assert.Equal("accepted", body["status"]!.GetValue<string>());
        Assert.Matches("^[a-z2-7]{26}$", cvId);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);

        var read = await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}");
        Assert.Equal(cvId, read!["cvId"]!.GetValue<string>());
        Assert.Equal(cv["personalDetails"]!["familyName"]!.GetValue<string>(), read["document"]!["personalDetails"]!["familyName"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(cv["workExperience"], read["document"]!["workExperience"]));
    }

    [Fact]
    public async Task Post_SameContentAgain_Returns200SameVersion_AndRewritesNothing()
    {
        var cv = CvSamples.Cv();
        var first = await (await Nav.PostAsync("api/cvs", CvSamples.Json(cv))).Content.ReadFromJsonAsync<JsonObject>();
        var blobsBefore = await Probe.BlobNamesAsync(CvsTables.CvContainer);
        var entity = await Probe.Table(CvsTables.CvsTable).GetEntityAsync<Azure.Data.Tables.TableEntity>("nav", "cv|" + first!["cvId"]);

        // Same content, other formatting and property order.
        var reordered = new JsonObject(cv.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var again = await Nav.PostAsync("api/cvs", new StringContent(reordered.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await again.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("unchanged", body!["status"]!.GetValue<string>());
        Assert.Equal(first["cvId"]!.GetValue<string>(), body["cvId"]!.GetValue<string>());
        Assert.Equal(1, body["version"]!.GetValue<int>());
        Assert.Equal(blobsBefore, await Probe.BlobNamesAsync(CvsTables.CvContainer));
        var after = await Probe.Table(CvsTables.CvsTable).GetEntityAsync<Azure.Data.Tables.TableEntity>("nav", "cv|" + first["cvId"]);
        Assert.Equal(entity.Value.ETag, after.Value.ETag);
    }

    [Fact]
    public async Task Post_ChangedContent_Returns202Version2_AndOldDocumentIsErasedDownstream()
    {
        var cv = CvSamples.Cv();
        var first = await (await Nav.PostAsync("api/cvs", CvSamples.Json(cv))).Content.ReadFromJsonAsync<JsonObject>();
        var cvId = first!["cvId"]!.GetValue<string>();
        cv["summary"] = "Oppdatert sammendrag.";

        var second = await Nav.PostAsync("api/cvs", CvSamples.Json(cv));

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var body = await second.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(cvId, body!["cvId"]!.GetValue<string>());
        Assert.Equal(2, body["version"]!.GetValue<int>());
        var read = await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}");
        Assert.Equal("Oppdatert sammendrag.", read!["document"]!["summary"]!.GetValue<string>());
        await StorageProbe.Eventually(
            async () => (await Probe.BlobNamesAsync(CvsTables.CvContainer)).Count(n => n.StartsWith(cvId, StringComparison.Ordinal)) == 1,
            "the version 1 document to be erased by the downstream handler");
        await StorageProbe.Eventually(
            async () => (await Probe.EntitiesAsync(CvsTables.CvFactsTable)).Any(e => e.RowKey == cvId && e.GetInt32("Version") == 2),
            "the facts projection to reach version 2");
    }

    [Fact]
    public async Task Post_NamingAnOlderVersion_Returns412_AndKeepsNewerContent()
    {
        var cv = CvSamples.Cv();
        var created = await (await Nav.PostAsync("api/cvs", CvSamples.Json(cv))).Content.ReadFromJsonAsync<JsonObject>();
        var cvId = created!["cvId"]!.GetValue<string>();
        cv["summary"] = "Versjon to.";
        Assert.Equal(HttpStatusCode.Accepted, (await Nav.PostAsync("api/cvs", CvSamples.Json(cv))).StatusCode);

        var late = CvSamples.Cv(cv["externalId"]!.GetValue<string>(), cv["citizenId"]!.GetValue<string>());
        late["summary"] = "En sen retry av versjon en.";
        var withHeader = new HttpRequestMessage(HttpMethod.Post, "api/cvs") { Content = CvSamples.Json(late) };
        withHeader.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var headerResponse = await Nav.SendAsync(withHeader);
        late["version"] = 1;
        var fieldResponse = await Nav.PostAsync("api/cvs", CvSamples.Json(late));

        Assert.Equal(HttpStatusCode.PreconditionFailed, headerResponse.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, fieldResponse.StatusCode);
        var problem = await fieldResponse.Content.ReadFromJsonAsync<JsonObject>();
        Assert.EndsWith("/version-mismatch", problem!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, problem["storedVersion"]!.GetValue<int>());
        var read = await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}");
        Assert.Equal("Versjon to.", read!["document"]!["summary"]!.GetValue<string>());
        Assert.Equal(2, read["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Post_NamingTheCurrentVersion_IsAccepted()
    {
        var cv = CvSamples.Cv();
        await Nav.PostAsync("api/cvs", CvSamples.Json(cv));
        cv["summary"] = "Endret med riktig versjon.";
        var request = new HttpRequestMessage(HttpMethod.Post, "api/cvs") { Content = CvSamples.Json(cv) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));

        var response = await Nav.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Delete_ErasesDocumentIndexAndProjection_ThenGetIs404()
    {
        var created = await (await Nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv()))).Content.ReadFromJsonAsync<JsonObject>();
        var cvId = created!["cvId"]!.GetValue<string>();
        await StorageProbe.Eventually(
            async () => (await Probe.EntitiesAsync(CvsTables.CvFactsTable)).Any(e => e.RowKey == cvId),
            "the facts projection to be written");

        var deleted = await Nav.DeleteAsync($"api/cvs/{cvId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Nav.GetAsync($"api/cvs/{cvId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Nav.DeleteAsync($"api/cvs/{cvId}")).StatusCode);
        Assert.DoesNotContain(await Probe.BlobNamesAsync(CvsTables.CvContainer), n => n.StartsWith(cvId, StringComparison.Ordinal));
        Assert.DoesNotContain(await Probe.EntitiesAsync(CvsTables.CvFactsTable), e => e.RowKey == cvId);
        Assert.DoesNotContain(await Probe.EntitiesAsync(CvsTables.CvsTable), e => e.RowKey.StartsWith("cv|", StringComparison.Ordinal) && e.RowKey.EndsWith(cvId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetAndDelete_AnotherRegistrysCv_Return404_AndLeaveItAlone()
    {
        var created = await (await Nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv()))).Content.ReadFromJsonAsync<JsonObject>();
        var cvId = created!["cvId"]!.GetValue<string>();

        var get = await _jobnet.GetAsync($"api/cvs/{cvId}");
        var delete = await _jobnet.DeleteAsync($"api/cvs/{cvId}");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Nav.GetAsync($"api/cvs/{cvId}")).StatusCode);
    }

    [Fact]
    public async Task Get_UnknownOrMalformedId_Returns404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Nav.GetAsync("api/cvs/aaaaaaaaaaaaaaaaaaaaaaaaaa")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Nav.GetAsync("api/cvs/not-an-id")).StatusCode);
    }

    [Fact]
    public async Task Post_FreeTextWithNationalId_IsAcceptedAndFlagged_WithoutEchoingTheNumber()
    {
        var cv = CvSamples.Cv();
        const string fodselsnummer = "01010112377"; // both check digits valid; made up
        cv["summary"] = $"Mitt fødselsnummer er {fodselsnummer}, ring meg.";

        var response = await Nav.PostAsync("api/cvs", CvSamples.Json(cv));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.DoesNotContain(fodselsnummer, text, StringComparison.Ordinal);
        var body = JsonNode.Parse(text)!;
        var warning = Assert.Single(body["warnings"]!.AsArray());
        Assert.Equal("/summary", warning!["field"]!.GetValue<string>());
        Assert.Equal("national-id-number", warning["rule"]!.GetValue<string>());
        var owner = await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{body["cvId"]}");
        Assert.Equal("/summary", owner!["nationalIdFindings"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_CallerBoundToAnEmployer_Returns403_AndStoresNothing()
    {
        var employerWithSubmitRole = Host.ClientFor(HubTestHost.EmployerClient, HubRoles.CvSubmit);

        var response = await employerWithSubmitRole.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await Probe.BlobNamesAsync(CvsTables.CvContainer));
    }
}
