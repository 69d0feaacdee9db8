using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Access;

/// <summary>The boards' feed over real HTTP: shareable references, the change list after a withdrawal, consented sections only.</summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class BoardFeedTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string BoardClient = "board-eures-client";
    private const string HarvesterClient = "board-harvester-client";
    private HubTestHost _host = null!;
    private HttpClient _nav = null!;
    private HttpClient _source = null!;
    private HttpClient _board = null!;

    public async Task InitializeAsync()
    {
        _host = await HubTestHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Hub:Clients:7:ClientId"] = BoardClient,
            ["Hub:Clients:7:Kind"] = "Board",
            ["Hub:Clients:7:Id"] = "eures",
            ["Hub:Feeds:Boards:eures:Enabled"] = "true",
            // A second board with a ceiling of one CV a day, so that one test can suspend it without touching "eures".
            ["Hub:Clients:8:ClientId"] = HarvesterClient,
            ["Hub:Clients:8:Kind"] = "Board",
            ["Hub:Clients:8:Id"] = "harvester",
            ["Hub:Feeds:Boards:harvester:Enabled"] = "true",
            ["Hub:Feeds:Boards:harvester:DailyCeiling"] = "1",
        });
        _nav = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        _source = _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        _board = _host.ClientFor(BoardClient, HubRoles.CvRead);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonObject BoardConsent(string citizen, bool granted, DateTimeOffset at, params string[] sections) =>
        CitizenEvents.Event(citizen, granted ? "consent.granted" : "consent.withdrawn", at, sections.Length == 0
            ? new JsonObject { ["purpose"] = "boards" }
            : new JsonObject { ["purpose"] = "boards", ["sections"] = new JsonArray([.. sections.Select(s => JsonValue.Create(s))]) });

    private async Task<JsonObject> Changes(string? since) =>
        (await _board.GetFromJsonAsync<JsonObject>("api/feed/cvs/changes" + (since is null ? "" : "?since=" + Uri.EscapeDataString(since))))!;

    private async Task<JsonObject> Details(params string[] ids)
    {
        var response = await _board.PostAsync("api/feed/cvs/details", CvSamples.Json(new JsonObject { ["cvIds"] = new JsonArray([.. ids.Select(i => JsonValue.Create(i))]) }));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task ConsentedCv_IsCreatedInTheFeed_WithOnlyItsSections_AndAfterWithdrawalShowsAsClosed()
    {
        // Arrange: visible to employers, and consented to boards for two sections only.
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var submitted = await _nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizen)));
        var cvId = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
        var start = (await Changes(null))["next"]?.GetValue<string>();
        var now = DateTimeOffset.UtcNow;
        await CitizenEvents.SendAsync(_source, CitizenEvents.AllClear(citizen, now.AddMinutes(-10)), BoardConsent(citizen, true, now.AddMinutes(-9), "workExperience", "languages"));
        await StorageProbe.Eventually(async () => (await _board.GetFromJsonAsync<JsonObject>("api/feed/cvs"))!["items"]!.AsArray()
            .Any(i => i!["cvId"]!.GetValue<string>() == cvId), "the CV among the shareable references");

        // Act 1
        var created = await Changes(start);
        var details = await Details(cvId, "abcdefghijklmnopqrstuvwxyz");

        // Assert 1
        Assert.Contains(created["items"]!.AsArray(), c => c!["cvId"]!.GetValue<string>() == cvId && c["change"]!.GetValue<string>() == "created");
        var cv = Assert.Single(details["items"]!.AsArray())!.AsObject();
        Assert.NotNull(cv["workExperience"]);
        Assert.NotNull(cv["languages"]);
        Assert.Null(cv["summary"]);
        Assert.Null(cv["personalDetails"]);
        Assert.Null(cv["specialNeeds"]);
        Assert.Equal(["abcdefghijklmnopqrstuvwxyz"], details["notFound"]!.AsArray().Select(n => n!.GetValue<string>()));

        // Act 2: the citizen withdraws consent to boards.
        var before = created["next"]!.GetValue<string>();
        await CitizenEvents.SendAsync(_source, BoardConsent(citizen, false, DateTimeOffset.UtcNow));
        var closed = await Changes(before);
        var afterDetails = await Details(cvId);
        var shareable = (await _board.GetFromJsonAsync<JsonObject>("api/feed/cvs"))!["items"]!.AsArray();

        // Assert 2: closed in the very next change list, no longer served, no longer listed.
        Assert.Equal([(cvId, "closed")], closed["items"]!.AsArray().Select(c => (c!["cvId"]!.GetValue<string>(), c["change"]!.GetValue<string>())));
        Assert.Empty(afterDetails["items"]!.AsArray());
        Assert.DoesNotContain(shareable, i => i!["cvId"]!.GetValue<string>() == cvId);

        // The details served were logged as feed details for the board.
        var log = (await _nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/access-log"))!["entries"]!.AsArray();
        var entry = Assert.Single(log)!;
        Assert.Equal(("feed-detail", "board:eures"), (entry["kind"]!.GetValue<string>(), entry["party"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CvWithoutBoardsConsent_IsNowhereInTheFeed_AndTheBoardCannotReachItThroughEmployerRoutes()
    {
        // Arrange: a CV employers may see (consent to employers), and no word from the citizen on the boards purpose.
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var submitted = await _nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizen)));
        var cvId = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
        var start = (await Changes(null))["next"]?.GetValue<string>();
        await CitizenEvents.SendAsync(_source, CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-10)));
        await StorageProbe.Eventually(async () => (await _nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/visibility"))!["audience"]!.GetValue<string>() == "Employers",
            "the CV to be visible to employers");
        var boardPerson = _host.Client(_host.Entra.Mint([HubRoles.CvRead], BoardClient, userObjectId: HubTestHost.EmployerUser));

        // Act
        var shareable = (await _board.GetFromJsonAsync<JsonObject>("api/feed/cvs"))!["items"]!.AsArray();
        var changes = (await Changes(start))["items"]!.AsArray();
        var details = await Details(cvId);
        var employerRoutes = new[]
        {
            await _board.GetAsync("api/cvs?occupation=5321"),
            await _board.GetAsync($"api/cvs/{cvId}"),
            await boardPerson.GetAsync("api/cvs?occupation=5321"),
            await boardPerson.GetAsync($"api/cvs/{cvId}"),
        };

        // Assert: not listed, not changed, not served; employer routes refuse the board whoever signs in.
        Assert.DoesNotContain(shareable, i => i!["cvId"]!.GetValue<string>() == cvId);
        Assert.DoesNotContain(changes, c => c!["cvId"]!.GetValue<string>() == cvId);
        Assert.Empty(details["items"]!.AsArray());
        Assert.Equal([cvId], details["notFound"]!.AsArray().Select(n => n!.GetValue<string>()));
        foreach (var response in employerRoutes)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.EndsWith("/not-an-employer", (await response.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Empty((await _nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/access-log"))!["entries"]!.AsArray());
    }

    [Fact]
    public async Task SuspendedBoard_Gets403OnReferencesChangesAndDetails_WithNothingInTheAnswer_AndAfterTheLiftGets200Again()
    {
        // Arrange: a CV shared with boards; the harvester board takes it once (its whole ceiling), then asks again and is suspended.
        var harvester = _host.ClientFor(HarvesterClient, HubRoles.CvRead);
        var privacy = _host.ClientFor(HubTestHost.PrivacyConsoleClient, HubRoles.BreachManage);
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var submitted = await _nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizen)));
        var cvId = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
        var now = DateTimeOffset.UtcNow;
        await CitizenEvents.SendAsync(_source, CitizenEvents.AllClear(citizen, now.AddMinutes(-10)), BoardConsent(citizen, true, now.AddMinutes(-9)));
        await StorageProbe.Eventually(async () => (await harvester.GetFromJsonAsync<JsonObject>("api/feed/cvs"))!["items"]!.AsArray()
            .Any(i => i!["cvId"]!.GetValue<string>() == cvId), "the CV among the shareable references");
        HttpContent Ids(params string[] ids) => CvSamples.Json(new JsonObject { ["cvIds"] = new JsonArray([.. ids.Select(i => JsonValue.Create(i))]) });
        Assert.Equal(HttpStatusCode.OK, (await harvester.PostAsync("api/feed/cvs/details", Ids(cvId))).StatusCode);
        var overCeiling = await harvester.PostAsync("api/feed/cvs/details", Ids(cvId));
        Assert.Equal(HttpStatusCode.Forbidden, overCeiling.StatusCode);

        // Act 1
        var suspended = new[]
        {
            await harvester.GetAsync("api/feed/cvs"),
            await harvester.GetAsync("api/feed/cvs/changes"),
            await harvester.PostAsync("api/feed/cvs/details", Ids(cvId)),
        };

        // Assert 1: the details' problem on every route, and not a reference or a change in any answer.
        foreach (var response in suspended)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.EndsWith("/account-suspended", JsonNode.Parse(body)!["type"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.DoesNotContain(cvId, body, StringComparison.Ordinal);
            Assert.Null(JsonNode.Parse(body)!["items"]);
        }
        // The other board is not touched by the harvester's suspension.
        Assert.Contains((await _board.GetFromJsonAsync<JsonObject>("api/feed/cvs"))!["items"]!.AsArray(), i => i!["cvId"]!.GetValue<string>() == cvId);

        // Act 2: the privacy team lifts the suspension.
        var incident = (await privacy.GetFromJsonAsync<JsonObject>("api/incidents"))!["items"]!.AsArray()
            .Single(i => i!["party"]!.GetValue<string>() == "board:harvester")!["id"]!.GetValue<string>();
        var lift = await privacy.PostAsync($"api/incidents/{incident}/lift", CvSamples.Json(new JsonObject { ["reason"] = "Ceiling of the test grant; confirmed with the board." }));
        Assert.Equal(HttpStatusCode.OK, lift.StatusCode);
        var references = await harvester.GetAsync("api/feed/cvs");
        var changes = await harvester.GetAsync("api/feed/cvs/changes");
        // An id that is not shareable is counted as nothing, so the ceiling (still reached today) does not suspend again.
        var details = await harvester.PostAsync("api/feed/cvs/details", Ids(IntegrationHub.Core.Kernel.HubIds.NewRandomId()));

        // Assert 2
        Assert.Equal(HttpStatusCode.OK, references.StatusCode);
        Assert.Contains((await references.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray(), i => i!["cvId"]!.GetValue<string>() == cvId);
        Assert.Equal(HttpStatusCode.OK, changes.StatusCode);
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
    }

    [Fact]
    public async Task ClientWithoutAFeedGrant_Is403_AndTooManyReferencesIs400()
    {
        var employer = _host.EmployerPerson();

        var noGrant = await employer.GetAsync("api/feed/cvs/changes");
        var tooMany = await _board.PostAsync("api/feed/cvs/details",
            CvSamples.Json(new JsonObject { ["cvIds"] = new JsonArray([.. Enumerable.Range(0, 101).Select(i => JsonValue.Create($"id{i}"))]) }));

        Assert.Equal(HttpStatusCode.Forbidden, noGrant.StatusCode);
        Assert.EndsWith("/no-feed-grant", (await noGrant.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("/cvIds", (await tooMany.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![0]!["field"]!.GetValue<string>());
    }
}
