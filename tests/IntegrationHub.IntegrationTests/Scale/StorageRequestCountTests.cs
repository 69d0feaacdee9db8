using System.Net;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

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
    public async Task NewCv_CostsThreeStorageRequests_AndTheSameCvAgainCostsOne()
    {
        var registry = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var cv = CvSamples.Cv(citizenId: "cit-count-" + _host.Prefix);

        var first = await Counted(registry, "api/cvs", CvSamples.Json(cv), HttpStatusCode.Accepted);
        var again = await Counted(registry, "api/cvs", CvSamples.Json(cv), HttpStatusCode.OK);

        // docs/capacity.md lists these calls; change both together. A new CV: the external id's point read, the
        // document's upload, one transaction of three rows (the floor "the hub's storage calls" of ./hub bench intake).
        Assert.True(first.Total == 3, Describe("a new CV", first));
        Assert.Equal((1, 0), (first.Blob, first.Queue));
        // The registry's repeat: the point read finds the same content hash and stores nothing.
        Assert.True(again.Total == 1, Describe("the same CV again", again));
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

    // docs/capacity.md lists these calls; change both together: the tombstone's point read (ADR 0022), the decision's
    // point read, the ledger row, one transaction for the decision and its indexes, the tombstone again (ADR 0040).
    private const int ConsentEventRequests = 5;

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
