using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.JobAds.Eures;

/// <summary>
/// EURES pulls vacancies from the hub, through the dev host over real HTTP on Azurite: a published ad is ACTIVE, a
/// withdrawn, expired or updated one shows in the changes as NAV's export shows it; bad input is a 400 naming the field;
/// the vacancy grant and the CV feed's grant open nothing of each other.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EuresPullTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string EuresClient = "board-eures-client";
    private const string CvOnlyBoardClient = "board-cvonly-client";
    private static readonly XNamespace Hr = "http://www.hr-xml.org/3";
    private static readonly XNamespace Oa = "http://www.openapplications.org/oagis/9";

    private HubTestHost _host = null!;
    private HttpClient _ats = null!;
    private EuresPuller _eures = null!;

    public async Task InitializeAsync()
    {
        _host = await HubTestHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Hub:Clients:7:ClientId"] = EuresClient,
            ["Hub:Clients:7:Kind"] = "Board",
            ["Hub:Clients:7:Id"] = "eures",
            ["Hub:Feeds:Vacancies:eures:Enabled"] = "true",
            ["Hub:Clients:8:ClientId"] = CvOnlyBoardClient,
            ["Hub:Clients:8:Kind"] = "Board",
            ["Hub:Clients:8:Id"] = "cvboard",
            ["Hub:Feeds:Boards:cvboard:Enabled"] = "true",
        });
        _ats = _host.ClientFor(HubTestHost.RecruitmentSystemClient, HubRoles.JobAdSubmit);
        _eures = new EuresPuller(_host.ClientFor(EuresClient, HubRoles.JobAdRead));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Posts an ad for EURES only (no push board is involved) and answers its id and EURES reference.</summary>
    private async Task<(string AdId, string Reference)> PublishAsync(Action<JsonObject>? change = null)
    {
        var ad = JobAdExamples.Json(j => { j["targets"] = new JsonArray("eures"); change?.Invoke(j); });
        var response = await _ats.PostAsync("api/jobads", CvSamples.Json(ad));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var eures = Assert.Single((await response.Content.ReadFromJsonAsync<JsonObject>())!["boards"]!.AsArray())!;
        return (eures.Parent!.Parent!["adId"]!.GetValue<string>(), eures["boardReference"]!.GetValue<string>());
    }

    private async Task<JsonNode> EuresState(string adId) =>
        Assert.Single((await _ats.GetFromJsonAsync<JsonObject>($"api/jobads/{adId}"))!["boards"]!.AsArray(), b => b!["board"]!.GetValue<string>() == "eures")!;

    private static async Task<JsonObject> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static string TypeOf(JsonObject problem) => problem["type"]!.GetValue<string>().Split('/')[^1];

    [Fact]
    public async Task PublishedAd_IsPublished_ActiveInGetAll_CreatedInChanges_AndItsDetailsAreAPositionOpening13()
    {
        // Arrange
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        // Act
        var (adId, reference) = await PublishAsync();
        var pong = await _eures.PingAsync();
        var all = await _eures.GetAllAsync();
        var changes = await _eures.GetChangesAsync(since);
        var details = await _eures.GetDetailsAsync(reference, "jobbnorge.abcdefghijklmnopqrstuvwxyz", "no-such-reference");

        // Assert: published at once, with the reference EURES sees.
        var state = await EuresState(adId);
        Assert.Equal(("published", reference), (state["status"]!.GetValue<string>(), state["boardReference"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(pong));
        var listed = Assert.Single(all, r => r.Id == reference);
        Assert.Equal(("ACTIVE", "jobbnorge", (long?)null), (listed.Status, listed.Source, listed.ClosingTimestamp));
        Assert.Contains(changes.Created, r => r.Id == reference);
        var detail = Assert.Single(details).Value;
        Assert.Equal(("ACTIVE", listed.CreationTimestamp), (detail.Reference.Status, detail.Reference.CreationTimestamp));
        var profile = detail.Content.Root!.Element(Hr + "PositionProfile")!;
        Assert.Equal("NO060", profile.Descendants(Oa + "CountrySubDivisionCode").First().Value);
        Assert.Equal("5321", profile.Element(Hr + "JobCategoryCode")!.Value);
    }

    [Fact]
    public async Task WithdrawnAd_IsClosedInChanges_LeavesGetAll_AndItsDetailsAnswerClosed()
    {
        // Arrange
        var (adId, reference) = await PublishAsync();
        var beforeWithdrawal = DateTimeOffset.UtcNow.AddMilliseconds(-1);

        // Act
        var deleted = await _ats.DeleteAsync($"api/jobads/{adId}");
        var changes = await _eures.GetChangesAsync(beforeWithdrawal);
        var all = await _eures.GetAllAsync();
        var details = await _eures.GetDetailsAsync(reference);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal("withdrawn", (await EuresState(adId))["status"]!.GetValue<string>());
        var closed = Assert.Single(changes.All, r => r.Id == reference);
        Assert.Contains(closed, changes.Closed);
        Assert.True(closed.ClosingTimestamp >= beforeWithdrawal.ToUnixTimeMilliseconds());
        Assert.DoesNotContain(all, r => r.Id == reference);
        Assert.Equal(("CLOSED", closed.ClosingTimestamp), (details[reference].Reference.Status, details[reference].Reference.ClosingTimestamp));
    }

    [Fact]
    public async Task ExpiredAd_IsWithdrawnOnEures_AndClosedInChanges()
    {
        // Arrange: the expiry timer runs every 5 s.
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var expires = DateTimeOffset.UtcNow.AddSeconds(3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var (adId, reference) = await PublishAsync(j => j["expires"] = expires);

        // Act
        await StorageProbe.Eventually(async () => (await EuresState(adId))["status"]!.GetValue<string>() == "withdrawn", "the expiry timer to close the ad on EURES", 40);
        var changes = await _eures.GetChangesAsync(since);

        // Assert: the latest change only (it was created, then closed, since that time).
        Assert.Equal("expired", (await EuresState(adId))["reason"]!.GetValue<string>());
        Assert.Contains(changes.Closed, r => r.Id == reference);
        Assert.DoesNotContain(changes.Created, r => r.Id == reference);
    }

    [Fact]
    public async Task UpdatedAd_IsModifiedInChanges_WithItsCreationKept_AndItsNewContentInDetails()
    {
        // Arrange
        var ad = JobAdExamples.Json(j => j["targets"] = new JsonArray("eures"));
        var first = await _ats.PostAsync("api/jobads", CvSamples.Json(ad));
        var adId = (await first.Content.ReadFromJsonAsync<JsonObject>())!["adId"]!.GetValue<string>();
        var reference = (await EuresState(adId))["boardReference"]!.GetValue<string>();
        var created = Assert.Single(await _eures.GetAllAsync(), r => r.Id == reference).CreationTimestamp;
        await Task.Delay(5);
        var beforeUpdate = DateTimeOffset.UtcNow;

        // Act
        ad["title"] = "Helsefagarbeider, 100 % fast stilling";
        var second = await _ats.PostAsync("api/jobads", CvSamples.Json(ad));
        var changes = await _eures.GetChangesAsync(beforeUpdate);
        var details = await _eures.GetDetailsAsync(reference);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var modified = Assert.Single(changes.Modified, r => r.Id == reference);
        Assert.Equal(created, modified.CreationTimestamp);
        Assert.Equal("Helsefagarbeider, 100 % fast stilling", details[reference].Content.Root!.Element(Hr + "PositionProfile")!.Element(Hr + "PositionTitle")!.Value);
    }

    [Fact]
    public async Task AdPostedForLater_IsNotPullableBeforeItsPublicationTime_ThenActive()
    {
        // Arrange
        var published = DateTimeOffset.UtcNow.AddSeconds(4);
        var ad = JobAdExamples.Json(j => { j["targets"] = new JsonArray("eures"); j["published"] = published.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture); });
        var posted = await _ats.PostAsync("api/jobads", CvSamples.Json(ad));
        var adId = (await posted.Content.ReadFromJsonAsync<JsonObject>())!["adId"]!.GetValue<string>();
        var reference = "jobbnorge." + adId;

        // Act
        var early = await EuresState(adId);
        var allEarly = await _eures.GetAllAsync();
        var detailsEarly = await _eures.GetDetailsAsync(reference);
        await StorageProbe.Eventually(async () => (await EuresState(adId))["status"]!.GetValue<string>() == "published", "the ad to be published on EURES at its time", 30);
        var all = await _eures.GetAllAsync();

        // Assert
        Assert.Equal(("pending", "publish"), (early["status"]!.GetValue<string>(), early["pendingAction"]!.GetValue<string>()));
        Assert.DoesNotContain(allEarly, r => r.Id == reference);
        Assert.Empty(detailsEarly);
        var listed = Assert.Single(all, r => r.Id == reference);
        Assert.True(listed.CreationTimestamp >= published.AddSeconds(-1).ToUnixTimeMilliseconds(), "created when it became pullable");
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-1")]
    [InlineData("1733300000000.5")]
    [InlineData("99999999999999999999")]
    public async Task GetChanges_TimestampNotEpochMillis_Is400NamingTimestamp(string timestamp)
    {
        // Act
        var response = await _host.ClientFor(EuresClient, HubRoles.JobAdRead).GetAsync(EuresPuller.Base + "getChanges/" + Uri.EscapeDataString(timestamp));

        // Assert
        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Equal("validation", TypeOf(problem));
        Assert.Equal(("timestamp", "epoch-millis"), (problem["errors"]![0]!["field"]!.GetValue<string>(), problem["errors"]![0]!["rule"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("not json", "malformed-json", null, null)]
    [InlineData("{\"references\":[]}", "validation", "/", "type")]
    [InlineData("[\"a\", 7]", "validation", "/1", "type")]
    [InlineData("TOO_MANY", "validation", "/", "maxItems")]
    public async Task GetDetails_BadBody_Is400NamingFieldAndRule_AndChangesNothing(string body, string type, string? field, string? rule)
    {
        // Arrange
        var (_, reference) = await PublishAsync();
        var before = await _eures.GetAllAsync();
        if (body == "TOO_MANY")
        {
            body = System.Text.Json.JsonSerializer.Serialize(Enumerable.Repeat(reference, 201));
        }

        // Act
        var response = await _eures.PostDetailsAsync(body);

        // Assert
        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Equal(type, TypeOf(problem));
        if (field is not null)
        {
            Assert.Equal((field, rule), (problem["errors"]![0]!["field"]!.GetValue<string>(), problem["errors"]![0]!["rule"]!.GetValue<string>()));
        }
        Assert.Equal(before, await _eures.GetAllAsync());
        Assert.Equal("published", (await EuresState(reference.Split('.')[^1]))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task VacancyGrant_OpensNoCv_AndTheCvFeedGrant_OpensNoVacancy()
    {
        // Arrange
        var euresWithBothRoles = _host.ClientFor(EuresClient, HubRoles.JobAdRead, HubRoles.CvRead);
        var euresVacanciesOnly = _host.ClientFor(EuresClient, HubRoles.JobAdRead);
        var cvBoardWithBothRoles = _host.ClientFor(CvOnlyBoardClient, HubRoles.CvRead, HubRoles.JobAdRead);
        var cvBoardCvOnly = _host.ClientFor(CvOnlyBoardClient, HubRoles.CvRead);
        var recruitmentSystem = _host.ClientFor(HubTestHost.RecruitmentSystemClient, HubRoles.JobAdRead);

        // Act / Assert: a vacancy grant does not open the CV feed (no role, or no CV grant).
        Assert.Equal("forbidden", TypeOf(await Problem(await euresVacanciesOnly.GetAsync("api/feed/cvs"), HttpStatusCode.Forbidden)));
        Assert.Equal("no-feed-grant", TypeOf(await Problem(await euresWithBothRoles.GetAsync("api/feed/cvs"), HttpStatusCode.Forbidden)));
        Assert.Equal("no-feed-grant", TypeOf(await Problem(await euresWithBothRoles.PostAsync("api/feed/cvs/details", CvSamples.Json(new JsonObject { ["cvIds"] = new JsonArray("abcdefghijklmnopqrstuvwxyz") })), HttpStatusCode.Forbidden)));
        // ... and the CV feed's grant opens no vacancy (no role, or no vacancy grant); nor does a non-board with the role.
        foreach (var path in new[] { "ping", "getAll", "getChanges/0" })
        {
            Assert.Equal("forbidden", TypeOf(await Problem(await cvBoardCvOnly.GetAsync(EuresPuller.Base + path), HttpStatusCode.Forbidden)));
            Assert.Equal("no-vacancy-grant", TypeOf(await Problem(await cvBoardWithBothRoles.GetAsync(EuresPuller.Base + path), HttpStatusCode.Forbidden)));
            Assert.Equal("no-vacancy-grant", TypeOf(await Problem(await recruitmentSystem.GetAsync(EuresPuller.Base + path), HttpStatusCode.Forbidden)));
            Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client().GetAsync(EuresPuller.Base + path)).StatusCode);
        }
        Assert.Equal("no-vacancy-grant", TypeOf(await Problem(await new EuresPuller(cvBoardWithBothRoles).PostDetailsAsync("[]"), HttpStatusCode.Forbidden)));
        // The CV board with its own grant still reads its feed: the 403s above are the grants', not a broken feed.
        Assert.Equal(HttpStatusCode.OK, (await cvBoardCvOnly.GetAsync("api/feed/cvs")).StatusCode);
    }
}
