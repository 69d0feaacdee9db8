using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Erasure;

/// <summary>GET /api/citizens/{citizenId}/export: the citizen's copy holds the CV, events, facts, visibility with legal basis, reads, letters and expiry.</summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class CitizenExportTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    [Fact]
    public async Task Export_CitizenWithCvEventsAndAReads_OneDocumentWithEverySection()
    {
        // Arrange
        var (citizen, cvId, needles) = await CitizenErasureTests.MarkedCitizenAsync(Nav,
            Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite), Host.EmployerPerson());

        // Act
        var response = await Nav.GetAsync($"api/citizens/{citizen}/export");

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var export = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(citizen, export["citizenId"]!.GetValue<string>());
        var cv = Assert.Single(export["cvs"]!.AsArray())!;
        Assert.Equal(cvId, cv["cvId"]!.GetValue<string>());
        Assert.Contains(needles[1], cv["versions"]![0]!["document"]!["personalDetails"]!["givenName"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(export["events"]!.AsArray(), e => e!["id"]!.GetValue<string>() == "evt-" + needles[1]);
        Assert.True(export["facts"]!["consentToEmployers"]!.GetValue<bool>());
        Assert.Contains(export["visibility"]!.AsArray(), v => v!["audience"]!.GetValue<string>() == "Employers" && v["legalBasis"]!.GetValue<string>() == "consent");
        var read = Assert.Single(export["reads"]!.AsArray())!;
        Assert.Equal(("employer:acme", "view"), (read["party"]!.GetValue<string>(), read["kind"]!.GetValue<string>()));
        Assert.NotEmpty(read["fields"]!.AsArray());
        Assert.Empty(export["letters"]!.AsArray());
        Assert.Contains(export["expiry"]!.AsArray(), e => e!["data"]!.GetValue<string>() == "reads");
    }

    [Fact]
    public async Task Export_UnknownOrAnotherRegistrysCitizen_404()
    {
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..12];
        await CitizenEvents.SendAsync(Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite), CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-1)));
        var jobnet = Host.ClientFor(HubTestHost.JobnetRegistryClient, HubRoles.CvSubmit);

        Assert.Equal(HttpStatusCode.NotFound, (await jobnet.GetAsync($"api/citizens/{citizen}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Nav.GetAsync("api/citizens/cit-nobody/export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Nav.GetAsync($"api/citizens/{citizen}/export")).StatusCode);
    }
}
