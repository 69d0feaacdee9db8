using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Cvs;

namespace IntegrationHub.IntegrationTests.Cvs;

/// <summary>Every kind of bad input gets a clear problem, and nothing at all is stored.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CvIntakeBadInputTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    [Fact]
    public async Task Post_MalformedJson_Returns400MalformedJson_AndStoresNothing()
    {
        var response = await Nav.PostAsync("api/cvs", new StringContent("{\"externalId\": \"x\", ", System.Text.Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.BadRequest, "malformed-json");
        await AssertNothingStored();
    }

    [Fact]
    public async Task Post_SchemaViolations_Returns400ListingEveryFieldAndRule_AndStoresNothing()
    {
        var cv = CvSamples.Cv();
        cv.Remove("citizenId");
        cv["personalDetails"]!["email"] = "not-an-address";
        cv["publication"] = "everyone";
        cv["jobsSought"]![0]!["occupation"]!["styrk08"] = "12";
        cv["favouriteColour"] = "blue";

        var response = await Nav.PostAsync("api/cvs", CvSamples.Json(cv));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "validation");
        var errors = problem["errors"]!.AsArray().Select(e => (Field: e!["field"]!.GetValue<string>(), Rule: e["rule"]!.GetValue<string>())).ToList();
        Assert.Contains(("/citizenId", "required"), errors);
        Assert.Contains(("/personalDetails/email", "format"), errors);
        Assert.Contains(("/publication", "enum"), errors);
        Assert.Contains(("/jobsSought/0/occupation/styrk08", "pattern"), errors);
        Assert.Contains(("/favouriteColour", "additionalProperties"), errors);
        Assert.DoesNotContain("not-an-address", problem.ToJsonString(), StringComparison.Ordinal);
        await AssertNothingStored();
    }

    [Fact]
    public async Task Post_LastActivityFarInTheFuture_Returns400NamingTheField_AndStoresNothing()
    {
        // A last activity in 2999 would keep a Danish CV searchable for ever (issue 14, Hub:Clock:MaxFutureSkewSeconds).
        var cv = CvSamples.Cv();
        cv["lastCitizenActivityAt"] = "2999-01-01T00:00:00Z";

        var response = await Nav.PostAsync("api/cvs", CvSamples.Json(cv));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "validation");
        var error = Assert.Single(problem["errors"]!.AsArray());
        Assert.Equal(("/lastCitizenActivityAt", "not-in-future"), (error!["field"]!.GetValue<string>(), error["rule"]!.GetValue<string>()));
        Assert.DoesNotContain("2999", problem.ToJsonString(), StringComparison.Ordinal);
        await AssertNothingStored();
    }

    [Fact]
    public async Task Post_BodyOverOneMebibyte_Returns413_AndStoresNothing()
    {
        var cv = CvSamples.Cv();
        cv["summary"] = new string('x', 1024 * 1024);

        var response = await Nav.PostAsync("api/cvs", CvSamples.Json(cv));

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        await AssertNothingStored();
    }

    [Fact]
    public async Task Post_ChunkedBodyOverOneMebibyte_Returns413_AndStoresNothing()
    {
        var big = System.Text.Encoding.UTF8.GetBytes(CvSamples.Cv().ToJsonString().Replace("\"summary\":", "\"summary\":\"" + new string('y', 1100 * 1024) + "\",\"x\":", StringComparison.Ordinal));
        var content = new StreamContent(new MemoryStream(big));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "api/cvs") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Nav.SendAsync(request);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        await AssertNothingStored();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task Post_WrongContentType_Returns415_AndStoresNothing(string? mediaType)
    {
        var content = new StringContent(CvSamples.Cv().ToJsonString());
        content.Headers.ContentType = mediaType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);

        var response = await Nav.PostAsync("api/cvs", content);

        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        await AssertNothingStored();
    }

    [Fact]
    public async Task Post_MalformedIfMatch_Returns400_AndStoresNothing()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/cvs") { Content = CvSamples.Json(CvSamples.Cv()) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");

        var response = await Nav.SendAsync(request);

        await AssertProblem(response, HttpStatusCode.BadRequest, "bad-if-match");
        await AssertNothingStored();
    }

    [Fact]
    public async Task Post_JsonThatIsNotAnObject_Returns400Validation_AndStoresNothing()
    {
        var response = await Nav.PostAsync("api/cvs", new StringContent("[1,2,3]", System.Text.Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.BadRequest, "validation");
        await AssertNothingStored();
    }

    private static async Task<JsonObject> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("https://integrationhub.example/problems/" + type, problem!["type"]!.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    private async Task AssertNothingStored()
    {
        Assert.Empty(await Probe.EntitiesAsync(CvsTables.CvsTable));
        Assert.Empty(await Probe.BlobNamesAsync(CvsTables.CvContainer));
        Assert.Empty(await Probe.EntitiesAsync(CvsTables.CvFactsTable));
    }
}
