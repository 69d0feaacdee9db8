using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Scale;

/// <summary>
/// Issue 18: three out-of-process instances of the hub on one Azurite, one of them killed with SIGKILL mid-run and
/// started again. CI-sized; HUB_CRASH_SCALE (an integer, default 1) multiplies the sizes for `./hub test --crash`.
/// Leases are the shortest the host accepts (15 s + 15 s), so the timers' holder is replaced within 30 s.
/// </summary>
[Collection(ScaleCollection.Name)]
[Trait("Category", "Crash")]
public sealed class CrashTests(AzuriteFixture azurite)
{
    internal const string BoardClient = "board-eures-client";

    internal static int Scale => int.TryParse(Environment.GetEnvironmentVariable("HUB_CRASH_SCALE"), out var s) && s > 0 ? s : 1;

    internal static readonly Dictionary<string, string?> ShortLeases = new()
    {
        ["AzureFunctionsJobHost:singleton:listenerLockPeriod"] = "00:00:15",
        ["AzureFunctionsJobHost:singleton:listenerLockRecoveryPollingInterval"] = "00:00:15",
        // Messages a killed instance had received come back after 30 s instead of the host's 10 minutes (a live instance renews them).
        ["DevHost:InFlightLeaseSeconds"] = "30",
        ["Hub:Clients:7:ClientId"] = BoardClient,
        ["Hub:Clients:7:Kind"] = "Board",
        ["Hub:Clients:7:Id"] = "eures",
        ["Hub:Feeds:Boards:eures:Enabled"] = "true",
    };

    [Fact]
    public async Task CvIntake_ThroughThreeInstances_WithTheTimersHolderKilledAndRestarted_LosesNothing_AndTheFeedHasNoGap()
    {
        await using var cluster = await HubCluster.StartAsync(azurite, 3, outOfProcess: true, ShortLeases);
        var registry = cluster.Client(HubTestHost.NavRegistryClient, [HubRoles.CvSubmit]);
        var source = cluster.Client(HubTestHost.ConsentSourceClient, [HubRoles.ConsentWrite]);
        var board = cluster.Client(BoardClient, [HubRoles.CvRead]);
        var start = (await board.GetFromJsonAsync<JsonObject>("api/feed/cvs/changes"))!["next"]?.GetValue<string>();
        var count = 60 * Scale;
        var accepted = new ConcurrentDictionary<string, string>();
        var done = 0;

        // Instance 0 started first and holds every timer (the CV pump among them): kill it a third of the way in,
        // start it again at two thirds.
        var chaos = Task.Run(async () =>
        {
            await Until(() => Volatile.Read(ref done) >= count / 3);
            await cluster.KillAsync(0);
            await Until(() => Volatile.Read(ref done) >= 2 * count / 3);
            await cluster.StartInstanceAsync(0);
        });
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var citizen = $"cit-crash-{i:D5}-{cluster.Prefix}";
            var cv = CvSamples.Cv(citizenId: citizen);
            // A registry retries until it has an answer; the same content again is the contract's idempotent repeat.
            var answer = await RetryAsync(() => registry.PostAsync("api/cvs", CvSamples.Json(cv)), HttpStatusCode.Accepted, HttpStatusCode.OK);
            accepted[citizen] = (await answer.Content.ReadFromJsonAsync<JsonObject>(CancellationToken.None))!["cvId"]!.GetValue<string>();
            var now = DateTimeOffset.UtcNow;
            var events = new JsonArray(CitizenEvents.AllClear(citizen, now.AddMinutes(-10)),
                CitizenEvents.Event(citizen, "consent.granted", now.AddMinutes(-9), new JsonObject { ["purpose"] = "boards" }));
            await RetryAsync(() => source.PostAsync("api/consent-events", CvSamples.Json(events.DeepClone(), "application/cloudevents-batch+json")), HttpStatusCode.OK);
            Interlocked.Increment(ref done);
        });
        await chaos;

        // Every accepted CV is stored, and the feed's change list from before the run names every one as created.
        Assert.Equal(count, accepted.Count);
        var seen = new HashSet<string>();
        var wanted = accepted.Values.ToHashSet();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!wanted.IsSubsetOf(seen) && DateTime.UtcNow < deadline)
        {
            seen.Clear();
            var token = start;
            while (true)
            {
                var page = (await board.GetFromJsonAsync<JsonObject>("api/feed/cvs/changes" + (token is null ? "" : "?since=" + Uri.EscapeDataString(token))))!;
                var items = page["items"]!.AsArray();
                foreach (var item in items.Where(c => c!["change"]!.GetValue<string>() == "created"))
                {
                    seen.Add(item!["cvId"]!.GetValue<string>());
                }
                var next = page["next"]?.GetValue<string>();
                if (items.Count == 0 || next is null || next == token)
                {
                    break;
                }
                token = next;
            }
            if (!wanted.IsSubsetOf(seen))
            {
                await Task.Delay(1000);
            }
        }
        if (!wanted.IsSubsetOf(seen))
        {
            // Say what became of the missing ones: their decision, and any change the list holds for them.
            var all = new List<string>();
            var token = start;
            while (true)
            {
                var page = (await board.GetFromJsonAsync<JsonObject>("api/feed/cvs/changes" + (token is null ? "" : "?since=" + Uri.EscapeDataString(token))))!;
                var items = page["items"]!.AsArray();
                all.AddRange(items.Select(c => $"{c!["cvId"]}:{c["change"]}"));
                var next = page["next"]?.GetValue<string>();
                if (items.Count == 0 || next is null || next == token)
                {
                    break;
                }
                token = next;
            }
            var missing = wanted.Except(seen).ToList();
            var detail = new List<string>();
            foreach (var cvId in missing)
            {
                var visibility = await registry.GetStringAsync($"api/cvs/{cvId}/visibility");
                detail.Add($"{cvId}: changes [{string.Join(",", all.Where(a => a.StartsWith(cvId, StringComparison.Ordinal)))}] state {visibility[..Math.Min(400, visibility.Length)]}");
            }
            Assert.Fail($"{missing.Count} of {count} CVs never appeared in the change list as created:\n{string.Join("\n", detail)}\n{cluster.Problems()}");
        }
        foreach (var cvId in accepted.Values)
        {
            Assert.Equal(HttpStatusCode.OK, (await registry.GetAsync($"api/cvs/{cvId}")).StatusCode);
        }
    }

    [Fact]
    public async Task ConsentEvents_SentConcurrentlyThroughDifferentInstances_WithOneKilled_ConvergeToTheDecisionsOfInOrderDelivery()
    {
        await using var cluster = await HubCluster.StartAsync(azurite, 3, outOfProcess: true, ShortLeases);
        var registry = cluster.Client(HubTestHost.NavRegistryClient, [HubRoles.CvSubmit]);
        var source = cluster.Client(HubTestHost.ConsentSourceClient, [HubRoles.ConsentWrite]);
        var citizens = 12 * Scale;
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        var random = new Random(18);

        // Each citizen's history, twice: once for a citizen who gets it in order through one instance, once for a twin
        // who gets it shuffled, one event per call, spread over the instances while one of them dies.
        var histories = Enumerable.Range(0, citizens).Select(i => Enumerable.Range(0, 4 + random.Next(4)).Select(step => (Step: step, Kind: random.Next(4))).ToList()).ToList();
        JsonObject EventFor(string citizen, int step, int kind) => kind switch
        {
            0 => CitizenEvents.Event(citizen, "consent.granted", t0.AddMinutes(step), new JsonObject { ["purpose"] = "employers" }),
            1 => CitizenEvents.Withdrawal(citizen, t0.AddMinutes(step)),
            2 => CitizenEvents.Event(citizen, "benefit.work-oriented.started", t0.AddMinutes(step), new JsonObject { ["kind"] = "arbeidsavklaringspenger-oppfolging" }),
            _ => CitizenEvents.Event(citizen, "benefit.work-oriented.ended", t0.AddMinutes(step)),
        };
        var pairs = new List<(string InOrder, string Shuffled, string InOrderCv, string ShuffledCv)>();
        for (var i = 0; i < citizens; i++)
        {
            var (a, b) = ($"cit-ord-{i:D4}-{cluster.Prefix}", $"cit-shf-{i:D4}-{cluster.Prefix}");
            var cvA = (await (await RetryAsync(() => registry.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: a))), HttpStatusCode.Accepted)).Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
            var cvB = (await (await RetryAsync(() => registry.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: b))), HttpStatusCode.Accepted)).Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
            pairs.Add((a, b, cvA, cvB));
        }
        var inOrder = cluster.InstanceClient(1, HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        for (var i = 0; i < citizens; i++)
        {
            await CitizenEvents.SendAsync(inOrder, CitizenEvents.AllClear(pairs[i].InOrder, t0.AddMinutes(-1)));
            foreach (var (step, kind) in histories[i])
            {
                await CitizenEvents.SendAsync(inOrder, EventFor(pairs[i].InOrder, step, kind));
            }
        }
        var shuffled = Enumerable.Range(0, citizens)
            .SelectMany(i => histories[i].Select(h => EventFor(pairs[i].Shuffled, h.Step, h.Kind)).Append(CitizenEvents.AllClear(pairs[i].Shuffled, t0.AddMinutes(-1))))
            .OrderBy(_ => random.Next()).ToList();
        var sent = 0;
        var chaos = Task.Run(async () =>
        {
            await Until(() => Volatile.Read(ref sent) >= shuffled.Count / 3);
            await cluster.KillAsync(0);
            await Until(() => Volatile.Read(ref sent) >= 2 * shuffled.Count / 3);
            await cluster.StartInstanceAsync(0);
        });
        await Parallel.ForEachAsync(shuffled, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (e, _) =>
        {
            await RetryAsync(() => source.PostAsync("api/consent-events", CvSamples.Json(e, "application/cloudevents+json")), HttpStatusCode.OK);
            Interlocked.Increment(ref sent);
        });
        await chaos;

        foreach (var (_, _, cvA, cvB) in pairs)
        {
            var expected = await Decision(registry, cvA);
            Assert.Equal(expected, await Decision(registry, cvB));
        }
    }

    [Fact]
    public async Task BreachCampaign_ThroughThreeInstances_WithThePlannersHolderKilledAndRestarted_ReachesEveryCitizenWithOneLetter()
    {
        await using var registryEndpoint = await Breach.FakeRegistryDelivery.StartAsync(keepLetters: false);
        registryEndpoint.Latency = TimeSpan.FromMilliseconds(20);
        var settings = new Dictionary<string, string?>(ShortLeases);
        foreach (var (key, value) in registryEndpoint.Settings("nav"))
        {
            settings[key] = value;
        }
        settings["Hub:Breach:PageSize"] = "50";
        settings["Hub:Breach:StalePageSeconds"] = "10";
        await using var cluster = await HubCluster.StartAsync(azurite, 3, outOfProcess: true, settings);
        var (alice, bob) = (cluster.Client(HubTestHost.PrivacyConsoleClient, [HubRoles.BreachManage], Alice), cluster.Client(HubTestHost.PrivacyConsoleClient, [HubRoles.BreachManage], Bob));
        var citizens = Enumerable.Range(0, 600 * Scale).Select(i => $"crash-{i:D5}-{cluster.Prefix}").ToList();
        var draft = new JsonObject
        {
            ["title"] = "Crash test breach",
            ["description"] = "CVs were shown where they should not have been.",
            ["detectedAt"] = CitizenEvents.Time(DateTimeOffset.UtcNow),
            ["window"] = new JsonObject { ["from"] = CitizenEvents.Time(DateTimeOffset.UtcNow.AddHours(-1)), ["to"] = CitizenEvents.Time(DateTimeOffset.UtcNow.AddHours(1)) },
            ["dataCategories"] = new JsonArray("cv-text"),
            ["likelyConsequences"] = "Employers may know the person was looking for work.",
            ["measuresTaken"] = "Access closed.",
            ["selector"] = new JsonObject { ["kind"] = "citizens", ["registry"] = "nav", ["citizenIds"] = new JsonArray([.. citizens.Select(c => (JsonNode)c)]) },
            ["letters"] = new JsonObject
            {
                ["fallback"] = "en",
                ["en"] = new JsonObject { ["subject"] = "About your CV", ["body"] = "{{organisation}} saw {{exposed}} between {{from}} and {{to}}. {{measures}} {{consequences}} {{dpo}}" },
            },
            // Paced at 30 letters a second, so the kill at a third falls mid-campaign on a fast machine too (600 letters: 20 s).
            ["channelPolicy"] = new JsonObject { ["channels"] = new JsonArray("digital-mailbox", "paper"), ["ratePerMinute"] = 1800 },
        };
        var id = (await (await RetryAsync(() => alice.PostAsync("api/breaches", CvSamples.Json(draft)), HttpStatusCode.Created)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await Breach.BreachCampaignTests.CountedAsync(alice, id);
        await RetryAsync(() => alice.PostAsync($"api/breaches/{id}/approve", null), HttpStatusCode.OK);
        await RetryAsync(() => bob.PostAsync($"api/breaches/{id}/start", null), HttpStatusCode.OK);

        // The planner's holder (instance 0) dies with letters in flight, and comes back later.
        await StorageProbe.Eventually(() => Task.FromResult(registryEndpoint.Delivered.Count >= citizens.Count / 3), "a third of the letters", 180);
        await cluster.KillAsync(0);
        var deliveredAtKill = registryEndpoint.Delivered.Count;
        await StorageProbe.Eventually(() => Task.FromResult(registryEndpoint.Delivered.Count >= 2 * citizens.Count / 3), "two thirds of the letters", 180);
        await cluster.StartInstanceAsync(0);
        JsonObject? campaign = null;
        await StorageProbe.Eventually(async () => (campaign = (await alice.GetFromJsonAsync<JsonObject>($"api/breaches/{id}"))!)["status"]!.GetValue<string>() == "completed",
            "the campaign to complete", 240);

        // Exactly one letter per citizen at the registry (a repeat carries the same idempotency key, which the contract absorbs).
        Assert.True(deliveredAtKill < citizens.Count, "the instance was killed after the campaign had finished");
        Assert.Equal(citizens.Select(c => id + ":" + c).ToHashSet(), registryEndpoint.Delivered.Keys.ToHashSet());
        var progress = campaign!["progress"]!;
        Assert.Equal((citizens.Count, citizens.Count, 0), (progress["total"]!.GetValue<int>(), progress["delivered"]!.GetValue<int>(), progress["failed"]!.GetValue<int>()));
    }

    private const string Alice = "0b7a3c6e-0000-4000-8000-00000000a11c";
    private const string Bob = "0b7a3c6e-0000-4000-8000-0000000000b0";

    private static async Task<string> Decision(HttpClient registry, string cvId)
    {
        var visibility = (await registry.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/visibility"))!;
        return $"{visibility["audience"]}|{visibility["searchable"]}|{visibility["presentation"]}|{visibility["reasons"]?.ToJsonString()}";
    }

    /// <summary>What a client does: again until the hub answers one of the expected statuses (a dying instance may answer 5xx or nothing).</summary>
    internal static async Task<HttpResponseMessage> RetryAsync(Func<Task<HttpResponseMessage>> call, params HttpStatusCode[] expected)
    {
        HttpResponseMessage? last = null;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            try
            {
                last = await call();
                if (expected.Contains(last.StatusCode))
                {
                    return last;
                }
                if ((int)last.StatusCode < 500 && last.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    Assert.Fail($"{last.StatusCode}: {await last.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException)
            {
                // Every instance refused for a moment: again.
            }
            catch (TaskCanceledException)
            {
                // Timed out: again.
            }
            await Task.Delay(500);
        }
        Assert.Fail($"No answer among {string.Join(", ", expected)} after 30 attempts (last {last?.StatusCode})");
        return null!;
    }

    internal static async Task Until(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(50);
        }
    }
}
