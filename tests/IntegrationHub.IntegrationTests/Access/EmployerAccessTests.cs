using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Access;

/// <summary>Employer search and view over real HTTP: the projection, the uniform 404, immediate enforcement, the access log.</summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class EmployerAccessTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private HttpClient _source = null!;
    private HttpClient _employer = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _source = Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        _employer = Host.EmployerPerson();
    }

    private async Task<string> Submit(JsonObject cv)
    {
        var response = await Nav.PostAsync("api/cvs", CvSamples.Json(cv));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
    }

    /// <summary>A CV employers can find: submitted, all facts favourable, and in the search index.</summary>
    private async Task<(string CvId, string Citizen)> VisibleCv(Action<JsonObject>? edit = null)
    {
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var cv = CvSamples.Cv(citizenId: citizen);
        edit?.Invoke(cv);
        var cvId = await Submit(cv);
        await CitizenEvents.SendAsync(_source, CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-5)));
        // Polled through the owning registry: an employer polling a hidden CV counts as enumeration (and gets suspended).
        await StorageProbe.Eventually(async () => (await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/visibility"))!["audience"]!.GetValue<string>() == "Employers",
            "the CV to be visible to employers");
        return (cvId, citizen);
    }

    private async Task<List<string>> SearchIds(string query)
    {
        var response = await _employer.GetAsync("api/cvs?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(i => i!["cvId"]!.GetValue<string>())];
    }

    [Fact]
    public async Task View_OpenCv_HasNameAndContact_ButNeverSpecialCategoryIdsOrBirthDate()
    {
        // Arrange: free text carrying a Norwegian national ID number (valid check digits).
        var (cvId, citizen) = await VisibleCv(cv => cv["summary"] = "Fødselsnummer 01019010046 står her ved en feil.");

        // Act
        var response = await _employer.GetAsync($"api/cvs/{cvId}");
        var text = await response.Content.ReadAsStringAsync();
        var view = JsonNode.Parse(text)!.AsObject();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("open", view["presentation"]!.GetValue<string>());
        Assert.StartsWith("Ingrid", view["personalDetails"]!["givenName"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(view["personalDetails"]!["email"]);
        Assert.Null(view["specialNeeds"]);
        Assert.Null(view["personalDetails"]!["dateOfBirth"]);
        Assert.Null(view["personalDetails"]!["address"]?["street"]);
        Assert.Null(view["citizenId"]);
        Assert.Null(view["externalId"]);
        Assert.DoesNotContain(citizen, text, StringComparison.Ordinal);
        Assert.DoesNotContain("01019010046", text, StringComparison.Ordinal);
        Assert.DoesNotContain("workplaceAccommodations", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task View_AnonymousCv_HasNoPersonalDetails_AndLosesContactDetailsFoundInFreeText()
    {
        var (cvId, _) = await VisibleCv(cv =>
        {
            cv["publication"] = "anonymous";
            cv["summary"] = "Ring meg på +47 912 34 567 eller skriv til ingrid.s@example.org. Erfaring 2019-2021.";
        });

        var text = await (await _employer.GetAsync($"api/cvs/{cvId}")).Content.ReadAsStringAsync();
        var view = JsonNode.Parse(text)!.AsObject();

        Assert.Equal("anonymous", view["presentation"]!.GetValue<string>());
        Assert.Null(view["personalDetails"]);
        Assert.DoesNotContain("Ingrid", text, StringComparison.Ordinal);
        Assert.DoesNotContain("912 34 567", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ingrid.s@example.org", text, StringComparison.Ordinal);
        Assert.Contains("2019-2021", view["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task View_UnknownHiddenProtectedOrDeleted_AllAnswerTheSame404()
    {
        // Arrange: one CV of each kind.
        var hidden = await Submit(CvSamples.Cv());
        var (protectedCv, protectedCitizen) = await VisibleCv();
        await CitizenEvents.SendAsync(_source, CitizenEvents.Event(protectedCitizen, "protected-address.set", DateTimeOffset.UtcNow));
        var (deleted, _) = await VisibleCv();
        Assert.Equal(HttpStatusCode.NoContent, (await Nav.DeleteAsync($"api/cvs/{deleted}")).StatusCode);
        string[] ids = ["abcdefghijklmnopqrstuvwxyz", hidden, protectedCv, deleted, "not-even-an-id"];

        // Act
        var answers = new List<(HttpStatusCode, string)>();
        foreach (var id in ids)
        {
            var response = await _employer.GetAsync($"api/cvs/{id}");
            answers.Add((response.StatusCode, (await response.Content.ReadAsStringAsync()).Replace(id, "{id}", StringComparison.Ordinal)));
        }

        // Assert: the same status and the same body, whatever the reason.
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(HttpStatusCode.NotFound, answers[0].Item1);
    }

    [Fact]
    public async Task Withdrawal_RightAfterThePostAnswers_NoEmployerReadOrSearchReturnsTheCv()
    {
        // Arrange
        var (cvId, citizen) = await VisibleCv();
        await StorageProbe.Eventually(async () => (await SearchIds("occupation=5321&pageSize=50")).Contains(cvId), "the CV in search");

        // Act
        await CitizenEvents.SendAsync(_source, CitizenEvents.Withdrawal(citizen, DateTimeOffset.UtcNow));
        var view = await _employer.GetAsync($"api/cvs/{cvId}");
        var found = await SearchIds("occupation=5321&pageSize=50");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
        Assert.DoesNotContain(cvId, found);
    }

    [Fact]
    public async Task Search_ByOccupationAndLanguage_FindsVisibleCvsOnly_WithoutPersonalDetails()
    {
        // Arrange
        var (visible, _) = await VisibleCv();
        var hidden = await Submit(CvSamples.Cv());
        await StorageProbe.Eventually(async () => (await SearchIds("occupation=5321")).Contains(visible), "the CV in search");

        // Act
        var response = await _employer.GetAsync("api/cvs?occupation=isco08:5321&language=nb&pageSize=50");
        var text = await response.Content.ReadAsStringAsync();
        var items = JsonNode.Parse(text)!["items"]!.AsArray();

        // Assert
        Assert.Contains(items, i => i!["cvId"]!.GetValue<string>() == visible);
        Assert.DoesNotContain(items, i => i!["cvId"]!.GetValue<string>() == hidden);
        Assert.DoesNotContain("Ingrid", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
        Assert.Empty(await SearchIds("occupation=9999"));
    }

    [Fact]
    public async Task Search_OccupationWithMunicipalityOrLanguage_ReadsThePairAndFiltersTheRest()
    {
        // Arrange: the sample CV wants work in Trondheim (5001) and Malvik (5031) and speaks Norwegian.
        var (visible, _) = await VisibleCv();
        await StorageProbe.Eventually(async () => (await SearchIds("occupation=5321")).Contains(visible), "the CV in search");

        // Act / Assert
        Assert.Contains(visible, await SearchIds("occupation=5321&municipality=5031&pageSize=50"));
        Assert.Contains(visible, await SearchIds("occupation=5321&municipality=5001&language=nb&pageSize=50"));
        Assert.DoesNotContain(visible, await SearchIds("occupation=5321&municipality=0301&pageSize=50"));
        Assert.DoesNotContain(visible, await SearchIds("occupation=5321&municipality=5001&language=pl&pageSize=50"));
        Assert.DoesNotContain(visible, await SearchIds("occupation=2512&language=nb&pageSize=50"));
    }

    [Fact]
    public async Task Search_BySkillWithCharactersTableKeysForbid_FindsTheCv()
    {
        var (cvId, _) = await VisibleCv(cv => cv["itSkills"] = new JsonArray(new JsonObject { ["name"] = "C#" }, new JsonObject { ["name"] = "TCP/IP" }));

        await StorageProbe.Eventually(async () => (await SearchIds("skill=" + Uri.EscapeDataString("C#"))).Contains(cvId), "the CV found by skill C#");

        Assert.Contains(cvId, await SearchIds("skill=" + Uri.EscapeDataString("tcp/ip")));
    }

    [Theory]
    [InlineData("name=Ingrid", "?name")]
    [InlineData("email=ingrid@example.com", "?email")]
    [InlineData("phone=91234567", "?phone")]
    [InlineData("occupation=plumber", "?occupation")]
    [InlineData("pageSize=500", "?pageSize")]
    public async Task Search_ByPersonalDetailsOrBadCriteria_Returns400NamingTheParameter(string query, string field)
    {
        var response = await _employer.GetAsync("api/cvs?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["field"]!.GetValue<string>() == field);
    }

    [Fact]
    public async Task Search_PagesWithAContinuation_WithoutRepeatsOrGaps()
    {
        var made = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            made.Add((await VisibleCv()).CvId);
        }
        await StorageProbe.Eventually(async () => made.All((await SearchIds("occupation=5321&pageSize=50")).Contains), "all CVs in search");

        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = (await _employer.GetFromJsonAsync<JsonObject>("api/cvs?occupation=5321&pageSize=2" + (next is null ? "" : "&page=" + Uri.EscapeDataString(next))))!;
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["cvId"]!.GetValue<string>()));
            next = page["next"]?.GetValue<string>();
        }
        while (next is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Subset(seen.ToHashSet(), made.ToHashSet());
    }

    [Fact]
    public async Task AccessLog_AnswersWhoSawTheCv_ForTheOwningRegistryOnly()
    {
        // Arrange
        var (cvId, _) = await VisibleCv();
        await StorageProbe.Eventually(async () => (await SearchIds("occupation=5321&pageSize=50")).Contains(cvId), "the CV in search");
        await _employer.GetAsync($"api/cvs/{cvId}");

        // Act
        var log = await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/access-log");
        var jobnet = await Host.ClientFor(HubTestHost.JobnetRegistryClient, HubRoles.CvSubmit).GetAsync($"api/cvs/{cvId}/access-log");

        // Assert: the waits above read the CV too; every read is there, by the employer account.
        var entries = log!["entries"]!.AsArray();
        Assert.Contains(entries, e => e!["kind"]!.GetValue<string>() == "view");
        Assert.Contains(entries, e => e!["kind"]!.GetValue<string>() == "search-hit");
        Assert.All(entries, e => Assert.Equal("employer:acme", e!["party"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal(HubTestHost.EmployerUser, e!["userObjectId"]!.GetValue<string>()));
        Assert.Contains(entries, e => e!["fields"]!.AsArray().Any(f => f!.GetValue<string>() == "personalDetails.givenName"));
        Assert.Equal(HttpStatusCode.NotFound, jobnet.StatusCode);
    }

    [Fact]
    public async Task RegistryClient_Searching_Is403_AndEmployerCannotUseRegistryEndpoints()
    {
        var registrySearch = await Host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvRead).GetAsync("api/cvs");
        var (cvId, _) = await VisibleCv();
        var employerLog = await _employer.GetAsync($"api/cvs/{cvId}/access-log");

        Assert.Equal(HttpStatusCode.Forbidden, registrySearch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, employerLog.StatusCode);
    }
}
