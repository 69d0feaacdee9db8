using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Access;

/// <summary>
/// Slow harvesting replayed through the dev host over 30 simulated days: 900 CVs a day, every day, under every daily,
/// hourly and per-minute limit (the UWV 2019 case gives no duration), is suspended by the rolling 7-day ceiling; an
/// agency whose ceilings are its own reads the same for 30 days and is not stopped.
/// </summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class RollingCeilingsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string AgencyClient = "employer-agency-client";

    /// <summary>The real clock plus an offset the test moves: the hub's whole idea of "now".</summary>
    private sealed class MovableClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }

    private readonly MovableClock _clock = new();
    private HubTestHost _host = null!;

    public async Task InitializeAsync() => _host = await HubTestHost.StartAsync(azurite,
        new Dictionary<string, string?>
        {
            ["Hub:Clients:7:ClientId"] = AgencyClient,
            ["Hub:Clients:7:Kind"] = "Employer",
            ["Hub:Clients:7:Id"] = "agency",
            ["Hub:Access:Overrides:agency:AccountSevenDayCeiling"] = "10000",
            ["Hub:Access:Overrides:agency:AccountThirtyDayCeiling"] = "40000",
        },
        services: s => s.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Replay30Days_900CvsADayUnderTheDailyAndHourlyLimits_IsSuspendedOnDay4ByTheSevenDayCeiling_TheOverriddenAgencyIsNot()
    {
        // Arrange: 50 visible CVs; a person at the harvesting employer and one at the agency, with tokens that outlive the
        // replay (the clock moves the hub, not the token's issuer).
        var nav = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var source = _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        var privacy = _host.ClientFor(HubTestHost.PrivacyConsoleClient, HubRoles.BreachManage);
        await Seed.VisibleCvsAsync(nav, source, privacy, 50);
        var expires = DateTime.UtcNow.AddDays(40);
        var harvester = _host.EmployerPerson(expires: expires);
        var agency = _host.EmployerPerson(AgencyClient, "7d2f0c11-8a43-4e0b-b5a1-6c3e2f9d0a17", expires);
        await StorageProbe.Eventually(async () => (await harvester.GetFromJsonAsync<JsonObject>("api/cvs?pageSize=50"))!["items"]!.AsArray().Count == 50, "a full page");
        await StorageProbe.Eventually(async () => (await agency.GetFromJsonAsync<JsonObject>("api/cvs?pageSize=50"))!["items"]!.AsArray().Count == 50, "a full page");

        // Act: from tomorrow 08:00 UTC, 18 pages of 50 a day, twenty minutes apart (150 an hour), for 30 days.
        var start = DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1).AddHours(8);
        int? harvesterStopped = null, agencyStopped = null;
        HttpResponseMessage? refusal = null;
        for (var day = 0; day < 30; day++)
        {
            for (var page = 0; page < 18; page++)
            {
                _clock.Offset = new DateTimeOffset(start.AddDays(day).AddMinutes(20 * page), TimeSpan.Zero) - DateTimeOffset.UtcNow;
                if (harvesterStopped is null && await harvester.GetAsync("api/cvs?pageSize=50") is { StatusCode: not HttpStatusCode.OK } refused)
                {
                    (harvesterStopped, refusal) = (day + 1, refused);
                }
                if (agencyStopped is null)
                {
                    var response = await agency.GetAsync("api/cvs?pageSize=50");
                    if (response.StatusCode != HttpStatusCode.OK || (await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Count != 50)
                    {
                        agencyStopped = day + 1;
                    }
                }
            }
        }

        // Assert: 2,700 over three days passes; the fourth day's pages reach past 3,000 in 7 days.
        Assert.Equal(4, harvesterStopped);
        Assert.Equal(HttpStatusCode.Forbidden, refusal!.StatusCode);
        Assert.EndsWith("/account-suspended", (await refusal.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        var incident = Assert.Single((await privacy.GetFromJsonAsync<JsonObject>("api/incidents"))!["items"]!.AsArray())!;
        Assert.Equal(("employer:acme", "rolling-7-day", HubTestHost.EmployerUser),
            (incident["party"]!.GetValue<string>(), incident["rule"]!.GetValue<string>(), incident["userObjectId"]!.GetValue<string>()));
        Assert.Null(agencyStopped);

        // The incident's record reaches back over the 7 days counted: everything the account received in them (the
        // waits for a full page above included), which the ceiling held to 3,000 and one page less could not reach.
        var record = (await privacy.GetFromJsonAsync<JsonObject>($"api/incidents/{incident["id"]!.GetValue<string>()}"))!;
        Assert.InRange(record["receivedRecordCount"]!.GetValue<int>(), 2951, 3000);
    }
}
