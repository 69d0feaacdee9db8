using System.Net;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Scale;

/// <summary>
/// Issue 18: the storage requests one call costs, pinned, so a change that adds a call fails here and has to say so in
/// docs/capacity.md. Counted by the hub's own counting policy (Hub:Storage:CountRequests) for the requests made while
/// the dev host serves the call; what the call leaves to queues and pollers is counted by ./hub bench, not here.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageRequestCountTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private const string CountHeader = "X-Test-Count-Storage";
    private readonly StorageRequestTally _tally = new();
    private HubTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await HubTestHost.StartAsync(azurite, new Dictionary<string, string?> { ["Hub:Storage:CountRequests"] = "true" },
            services: s => s.AddSingleton<IStartupFilter>(new CountMarkedCalls(_tally)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task NewCv_CostsFourStorageRequests_AndTheSameCvAgainCostsTwo()
    {
        var registry = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var cv = CvSamples.Cv(citizenId: "cit-count-" + _host.Prefix);

        var first = await Counted(registry, "api/cvs", CvSamples.Json(cv), HttpStatusCode.Accepted);
        var again = await Counted(registry, "api/cvs", CvSamples.Json(cv), HttpStatusCode.OK);

        // docs/capacity.md lists these calls; change both together.
        Assert.True(first.Total == 4, Describe("a new CV", first));
        Assert.True(again.Total == 2, Describe("the same CV again", again));
        Assert.Equal((1, 0), (first.Blob, first.Queue));
    }

    [Fact]
    public async Task ConsentEvent_ForAKnownCitizen_CostsAPinnedNumberOfStorageRequests()
    {
        var registry = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var source = _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        var citizen = "cit-count-event-" + _host.Prefix;
        await Counted(registry, "api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizen)), HttpStatusCode.Accepted);
        await Counted(source, "api/consent-events", CvSamples.Json(CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-10)), "application/cloudevents+json"), HttpStatusCode.OK);

        var consent = await Counted(source, "api/consent-events",
            CvSamples.Json(CitizenEvents.Event(citizen, "consent.granted", DateTimeOffset.UtcNow.AddMinutes(-9), new JsonObject { ["purpose"] = "employers" }), "application/cloudevents+json"),
            HttpStatusCode.OK);

        Assert.True(consent.Total == ConsentEventRequests, Describe("a consent event that changes the decision", consent));
    }

    // docs/capacity.md lists these calls; change both together.
    private const int ConsentEventRequests = 0;

    private async Task<StorageRequestCounts> Counted(HttpClient client, string path, HttpContent content, HttpStatusCode expected)
    {
        var before = _tally.Snapshot();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add(CountHeader, "1");
        using var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        var counts = _tally.Snapshot() - before;
        output.WriteLine($"POST {path}: {counts.Total} requests");
        foreach (var (call, n) in counts.Calls)
        {
            output.WriteLine($"  {n} x {call}");
        }
        return counts;
    }

    private static string Describe(string what, StorageRequestCounts counts) =>
        $"{what}: {counts.Total} storage requests ({string.Join("; ", counts.Calls.Select(c => $"{c.Value} x {c.Key}"))})";

    /// <summary>Counts the storage requests made while the host serves a call marked with the test's header.</summary>
    private sealed class CountMarkedCalls(StorageRequestTally tally) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, call) =>
            {
                if (!context.Request.Headers.ContainsKey(CountHeader))
                {
                    await call();
                    return;
                }
                using (StorageRequestCounter.Attribute(tally))
                {
                    await call();
                }
            });
            next(app);
        };
    }
}
