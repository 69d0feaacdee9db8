using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Visibility;

namespace IntegrationHub.IntegrationTests.Access;

/// <summary>
/// A consent to employers that names sections, over real HTTP: the employer view and the search hits hold those sections
/// and nothing else; a search by a section outside them does not find the CV; an unknown section name is 400, stored nowhere.
/// </summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class ConsentScopeEndToEndTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private HttpClient _source = null!;
    private HttpClient _employer = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _source = Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        _employer = Host.EmployerPerson();
    }

    private static JsonObject EmployerConsent(string citizen, DateTimeOffset at, params string[] sections) =>
        CitizenEvents.Event(citizen, "consent.granted", at, new JsonObject
        {
            ["purpose"] = "employers",
            ["sections"] = new JsonArray([.. sections.Select(s => JsonValue.Create(s))]),
        });

    private async Task<JsonArray> Search(string query)
    {
        var response = await _employer.GetAsync("api/cvs?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray();
    }

    [Fact]
    public async Task SectionLimitedConsent_BoundsTheEmployerViewAndTheSearchHits_AndTheLogRecordsThePerson()
    {
        // Arrange: an open CV with every section; the status snapshot says "consent: yes", the citizen's own grant names
        // work experience and jobs sought only (a snapshot after it would keep that scope).
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var submitted = await Nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizen)));
        var cvId = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
        var now = DateTimeOffset.UtcNow;
        await CitizenEvents.SendAsync(_source, CitizenEvents.AllClear(citizen, now.AddMinutes(-10)), EmployerConsent(citizen, now.AddMinutes(-9), "workExperience", "jobsSought"));
        await StorageProbe.Eventually(async () => (await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/visibility"))!["audience"]!.GetValue<string>() == "Employers",
            "the CV to be visible to employers");
        await StorageProbe.Eventually(async () => (await Search("occupation=5321&pageSize=50")).Any(i => i!["cvId"]!.GetValue<string>() == cvId), "the CV in search");

        // Act
        var byOccupation = (await Search("occupation=5321&pageSize=50")).Single(i => i!["cvId"]!.GetValue<string>() == cvId)!.AsObject();
        var byLanguage = await Search("language=nb&pageSize=50");
        var bySkill = await Search("skill=microsoft%20office&pageSize=50");
        var view = await _employer.GetAsync($"api/cvs/{cvId}");

        // Assert: the hit holds jobs sought (occupations, places) and no languages or skills; it is not found by them.
        Assert.NotEmpty(byOccupation["occupations"]!.AsArray());
        Assert.Empty(byOccupation["languages"]!.AsArray());
        Assert.Empty(byOccupation["skills"]!.AsArray());
        Assert.DoesNotContain(byLanguage, i => i!["cvId"]!.GetValue<string>() == cvId);
        Assert.DoesNotContain(bySkill, i => i!["cvId"]!.GetValue<string>() == cvId);
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        var document = (await view.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["cvId", "presentation", "language", "workExperience", "jobsSought"], document.Select(p => p.Key));

        // The log holds what was served, and who: the person, not only the account.
        var entries = (await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/access-log"))!["entries"]!.AsArray();
        Assert.All(entries, e => Assert.Equal(HubTestHost.EmployerUser, e!["userObjectId"]!.GetValue<string>()));
        var viewed = entries.Single(e => e!["kind"]!.GetValue<string>() == "view")!["fields"]!.AsArray().Select(f => f!.GetValue<string>());
        Assert.Equal(["language", "workExperience", "jobsSought"], viewed);
        Assert.All(entries.Where(e => e!["kind"]!.GetValue<string>() == "search-hit"),
            e => Assert.DoesNotContain(e!["fields"]!.AsArray(), f => f!.GetValue<string>() is "languages" or "skills"));
    }

    [Fact]
    public async Task ConsentWithAnUnknownSectionName_Returns400NamingTheFieldAndRule_AndStoresNothing()
    {
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var consent = EmployerConsent(citizen, DateTimeOffset.UtcNow.AddMinutes(-1), "workExperience", "workHistory");

        var response = await _source.PostAsync("api/consent-events", CvSamples.Json(consent, "application/cloudevents+json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var error = problem["results"]![0]!["errors"]![0]!;
        Assert.Equal(("/data/sections/1", "enum"), (error["field"]!.GetValue<string>(), error["rule"]!.GetValue<string>()));
        Assert.Empty(await Probe.EntitiesAsync(VisibilityTables.CitizenEventsTable));
        Assert.DoesNotContain(await Probe.EntitiesAsync(VisibilityTables.VisibilityTable), e => e.RowKey.StartsWith(citizen, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppOnlyEmployerToken_SearchAndView_Are403UserRequired_AndNothingIsServedOrCounted()
    {
        var appOnly = Host.ClientFor(HubTestHost.EmployerClient, HubRoles.CvRead);

        var search = await appOnly.GetAsync("api/cvs?occupation=5321");
        var view = await appOnly.GetAsync($"api/cvs/{IntegrationHub.Core.Kernel.HubIds.NewRandomId()}");

        foreach (var response in new[] { search, view })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.EndsWith("/user-required", (await response.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Empty(await Probe.EntitiesAsync(AccessTables.AccessCountersTable));
        Assert.Empty(await Probe.EntitiesAsync(AccessTables.AccessLogTable));
    }
}
