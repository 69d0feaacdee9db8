using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Scale;

/// <summary>
/// Issue 18, "Bad input and faults": storage away under load. Azurite is frozen with SIGSTOP and continued with SIGCONT
/// (its blob and table services keep data in memory, so a restart would lose it). CI pauses 8 s; HUB_PAUSE_SECONDS=30
/// (`./hub test --crash`) pauses as long as the issue asks. The test has an Azurite of its own, so the pause stops
/// nobody else's test.
/// </summary>
[Collection(ScaleCollection.Name)]
[Trait("Category", "Crash")]
public sealed class AzuritePauseTests : IAsyncLifetime
{
    private static int PauseSeconds => int.TryParse(Environment.GetEnvironmentVariable("HUB_PAUSE_SECONDS"), out var s) && s > 0 ? s : 8;

    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task StoragePausedUnderLoad_HealthAnswers503ThenRecovers_AndIntakeRetries_LosingAndDuplicatingNothing()
    {
        await using var cluster = await HubCluster.StartAsync(_azurite, 2, outOfProcess: false, CrashTests.ShortLeases);
        var registry = cluster.Client(HubTestHost.NavRegistryClient, [HubRoles.CvSubmit]);
        var source = cluster.Client(HubTestHost.ConsentSourceClient, [HubRoles.ConsentWrite]);
        var board = cluster.Client(CrashTests.BoardClient, [HubRoles.CvRead]);
        using var health = new HttpClient { BaseAddress = cluster.BaseAddress(0), Timeout = TimeSpan.FromSeconds(30) };
        var start = (await board.GetFromJsonAsync<JsonObject>("api/feed/cvs/changes"))!["next"]?.GetValue<string>();
        var answers = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        using var stop = new CancellationTokenSource();

        // Load: registries post CVs and consent to boards, and retry until they have an answer, all through the pause.
        var load = Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var citizen = $"cit-pause-{worker}-{i:D4}-{cluster.Prefix}";
                var cv = CvSamples.Cv(externalId: "ext-" + citizen, citizenId: citizen);
                var answer = await CrashTests.RetryAsync(() => registry.PostAsync("api/cvs", CvSamples.Json(cv)), HttpStatusCode.Accepted, HttpStatusCode.OK);
                answers.GetOrAdd(citizen, _ => []).Add((await answer.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>());
                // The same CV again: the registry's repeat must give the same id and store nothing new.
                if (i % 5 == 0)
                {
                    var again = await CrashTests.RetryAsync(() => registry.PostAsync("api/cvs", CvSamples.Json(cv)), HttpStatusCode.OK, HttpStatusCode.Accepted);
                    answers[citizen].Add((await again.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>());
                }
                var events = new JsonArray(CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-10)),
                    CitizenEvents.Event(citizen, "consent.granted", DateTimeOffset.UtcNow.AddMinutes(-9), new JsonObject { ["purpose"] = "boards" }));
                await CrashTests.RetryAsync(() => source.PostAsync("api/consent-events", CvSamples.Json(events.DeepClone(), "application/cloudevents-batch+json")), HttpStatusCode.OK);
            }
        })).ToArray();
        await CrashTests.Until(() => answers.Count >= 6);

        _azurite.Pause();
        var paused = Stopwatch.StartNew();
        HttpStatusCode during;
        try
        {
            during = (await health.GetAsync("api/health")).StatusCode;
            await Task.Delay(TimeSpan.FromSeconds(PauseSeconds) - paused.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        }
        finally
        {
            _azurite.Resume();
        }
        await StorageProbe.Eventually(async () => (await health.GetAsync("api/health")).StatusCode == HttpStatusCode.OK, "health to answer 200 again", seconds: 60);
        var countAtResume = answers.Count;
        await CrashTests.Until(() => answers.Count >= countAtResume + 6);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during);
        // Nothing duplicated: every answer for one citizen's CV names the same CV; nothing lost: each is stored and
        // reaches the boards' change list.
        Assert.All(answers, a => Assert.Single(a.Value.Distinct()));
        var wanted = answers.Values.Select(a => a.First()).ToHashSet();
        foreach (var cvId in wanted)
        {
            Assert.Equal(HttpStatusCode.OK, (await registry.GetAsync($"api/cvs/{cvId}")).StatusCode);
        }
        await StorageProbe.Eventually(async () =>
        {
            var seen = new HashSet<string>();
            var token = start;
            while (true)
            {
                var page = (await board.GetFromJsonAsync<JsonObject>("api/feed/cvs/changes" + (token is null ? "" : "?since=" + Uri.EscapeDataString(token))))!;
                var items = page["items"]!.AsArray();
                seen.UnionWith(items.Where(c => c!["change"]!.GetValue<string>() == "created").Select(c => c!["cvId"]!.GetValue<string>()));
                var next = page["next"]?.GetValue<string>();
                if (items.Count == 0 || next is null || next == token)
                {
                    return wanted.IsSubsetOf(seen);
                }
                token = next;
            }
        }, "every CV in the boards' change list", seconds: 60);
    }
}
