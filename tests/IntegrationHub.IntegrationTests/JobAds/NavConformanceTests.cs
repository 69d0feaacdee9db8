using IntegrationHub.StandIns;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.JobAds.Boards;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.JobAds;

/// <summary>
/// NAV's own example batch (Conformance/nav/transfer-ads.json, from navikt/pam-import-api src/test/resources) against the
/// NAV stand-in, and the hub's rendering against that example's shape, field by field.
/// </summary>
public sealed class NavConformanceTests : IAsyncLifetime
{
    private static readonly string NavBatch = File.ReadAllText(RepoPaths.Combine("tests", "IntegrationHub.IntegrationTests", "JobAds", "Conformance", "nav", "transfer-ads.json"));

    private BoardStandIns _boards = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _boards = await BoardStandIns.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _boards.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string route, string body, string mediaType, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_boards.BaseAddress}/nav/stillingsimport/api/v1/{route}")
        {
            Content = new StringContent(body, Encoding.UTF8, mediaType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? BoardStandIns.NavToken(BoardStandIns.NavProvider));
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NavsExampleBatch_IsAcceptedByTheStandIn_WithOneReceivedReceipt()
    {
        // Act
        var (status, body) = await PostAsync($"transfers/batch/{BoardStandIns.NavProvider}", NavBatch, "application/json");

        // Assert: 201 and TransferLogDTO, as NAV's TransferLogControllerTest expects.
        Assert.Equal(HttpStatusCode.Created, status);
        var receipt = JsonNode.Parse(body)!;
        Assert.Equal(("RECEIVED", 2), (receipt["status"]!.GetValue<string>(), receipt["items"]!.GetValue<int>()));
        Assert.All(new[] { "versionId", "providerId", "status", "message", "md5", "items", "created", "updated" }, k => Assert.True(receipt.AsObject().ContainsKey(k), k));
        Assert.False(receipt.AsObject().ContainsKey("reference"));
    }

    [Fact]
    public async Task NavsExampleAds_OnTheStreamRoute_EachGetAReceivedReceipt()
    {
        // Arrange: the same ads one after another.
        var stream = string.Concat(JsonNode.Parse(NavBatch)!.AsArray().Select(a => a!.ToJsonString()));

        // Act
        var (status, body) = await PostAsync($"transfers/{BoardStandIns.NavProvider}", stream, "application/x-json-stream");

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        var receipts = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            receipts.Add(JsonNode.Parse(ref reader)!["status"]!.GetValue<string>());
        }
        Assert.Equal(["RECEIVED", "RECEIVED"], receipts);
    }

    [Fact]
    public async Task NavsExampleBatch_WithAnotherProvidersToken_Is403()
    {
        // Act
        var (status, _) = await PostAsync($"transfers/batch/{BoardStandIns.NavProvider}", NavBatch, "application/json", BoardStandIns.NavToken(BoardStandIns.NavProvider + 1));

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public void HubRendering_HasTheShapeOfNavsExample_FieldByField()
    {
        // Arrange
        var example = JsonNode.Parse(NavBatch)!.AsArray()[0]!.AsObject();
        var hub = JsonNode.Parse(new NavRenderer().Render("hub-ad-1", JobAdExamples.ForAllBoards()).Content)!.AsObject();

        // Assert: every field the hub sends is one NAV's example has, of the same JSON kind, recursively.
        SameShape(example, hub, "ad");
        // Times as NAV's example writes them: a local date-time, no offset.
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$", hub["published"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$", hub["expires"]!.GetValue<string>());
        Assert.Matches(@"^\d{2}\.\d{2}\.\d{4}$", hub["properties"]!["applicationdue"]!.GetValue<string>());
        // Every property name and coded value is one NAV knows (the stand-in's lists come from NAV's source).
        foreach (var (name, value) in hub["properties"]!.AsObject())
        {
            Assert.Contains(name, BoardStandIns.NavPropertyNames);
            if (BoardStandIns.NavCodeLists.TryGetValue(name, out var values))
            {
                Assert.Contains(value!.GetValue<string>(), values);
            }
        }
        Assert.Null(BoardStandIns.NavRefusal(hub));
    }

    private static void SameShape(JsonNode example, JsonNode hub, string path)
    {
        switch (hub)
        {
            case JsonObject hubObject when example is JsonObject exampleObject:
                foreach (var (name, value) in hubObject)
                {
                    // properties: the example holds a selection; names are checked against NAV's full list above.
                    if (path.EndsWith(".properties", StringComparison.Ordinal))
                    {
                        Assert.Equal(JsonValueKind.String, value!.GetValueKind());
                        continue;
                    }
                    Assert.True(exampleObject.ContainsKey(name) || (path.EndsWith("contactList[]", StringComparison.Ordinal) && name == "role"),
                        $"{path}.{name} is not a field of NAV's example");
                    if (exampleObject[name] is { } counterpart && value is not null)
                    {
                        SameShape(counterpart, value, $"{path}.{name}");
                    }
                }
                break;
            case JsonArray hubArray when example is JsonArray exampleArray:
                foreach (var item in hubArray)
                {
                    SameShape(exampleArray[0]!, item!, path + "[]");
                }
                break;
            default:
                Assert.True(example.GetValueKind() == hub.GetValueKind(), $"{path}: NAV's example has {example.GetValueKind()}, the hub {hub.GetValueKind()}");
                break;
        }
    }
}
