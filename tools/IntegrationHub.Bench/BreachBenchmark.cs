using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.DevHost;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Bench;

/// <summary>
/// ./hub bench breach: a campaign of N citizens (default 150,000) end to end on Azurite through the dev host, delivered to
/// the fake registry endpoint on loopback with no rate limit. The campaign is created, approved and started over HTTP;
/// its audience is seeded straight into BreachAudience (as a dry run would leave it). Measured: wall time from the start
/// to the last delivery and to "completed", letters/s; then, in the same run, the raw floor: N ledger rows written
/// straight with the SDK in 100-entity batches, and N deliveries posted straight to the same fake endpoint. The fake runs
/// in a process of its own (<see cref="RegistryProcess"/>).
/// </summary>
internal static class BreachBenchmark
{
    private const string Alice = "0b7a3c6e-0000-4000-8000-00000000a11c";
    private const string Bob = "0b7a3c6e-0000-4000-8000-0000000000b0";
    private const string PrivacyClient = "bench-privacy";

    /// <param name="counts">Count spans, metric measurements and log records per letter (<see cref="TelemetryCounts"/>); off by default, as the listeners cost time.</param>
    /// <param name="samplingPercent">Hub:Telemetry:SamplingRatio in percent; null: the Development default (1.0). 20 is what a deployment samples.</param>
    /// <param name="allocations">Sample the bytes allocated during the fan-out by type (<see cref="AllocationSampler"/>).</param>
    public static async Task<int> RunAsync(string root, int citizens, int concurrency, bool counts = false, int? samplingPercent = null, bool allocations = false)
    {
        Console.Error.WriteLine($"breach benchmark: {citizens} citizens; starting Azurite");
        await using var azurite = await LocalAzurite.StartAsync(root);
        // The registry in a process of its own, for the hub and the floor alike (RegistryProcess says why).
        await using var registry = await RegistryProcess.StartAsync();
        var settings = registry.Settings(BenchHost.Registry);
        settings["Hub:Clients:2:ClientId"] = PrivacyClient;
        settings["Hub:Clients:2:Kind"] = "PrivacyTeam";
        settings["Hub:Clients:2:Id"] = "privacy";
        settings["Logging:LogLevel:Polly"] = "None";
        if (samplingPercent is { } percent)
        {
            settings["Hub:Telemetry:SamplingRatio"] = (percent / 100.0).ToString(CultureInfo.InvariantCulture);
        }
        using var telemetry = counts ? new TelemetryCounts() : null;
        var host = await BenchHost.StartAsync(azurite, settings, telemetry is null ? null : services => services.AddSingleton(telemetry.LoggerProvider()));
        var (alice, bob) = (host.Client(PrivacyClient, HubRoles.BreachManage, 4, Alice), host.Client(PrivacyClient, HubRoles.BreachManage, 4, Bob));

        // Arrange: a draft over HTTP, its audience seeded as a dry run leaves it, approved by one person.
        var id = await CreateAsync(alice);
        var seeding = Stopwatch.StartNew();
        var runId = await SeedAudienceAsync(host.App.Services, id, citizens);
        Console.Error.WriteLine($"seeded {citizens} audience rows in {seeding.Elapsed.TotalSeconds:F1} s");
        await Ok(await alice.PostAsync($"api/breaches/{id}/approve", null));

        // Act: a second person starts it; wait for completion.
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var requestsBefore = StorageCost.Read(host);
        var machine = new MachineCpu(azurite, registry);
        var cpuBefore = machine.Read();
        var fanOutFrom = Stopwatch.GetTimestamp();
        telemetry?.On = true;
        var timeline = new BreachTimeline(host.App.Services.GetRequiredService<BreachPageFlow>());
        using var sampler = allocations ? new AllocationSampler() : null;
        await Ok(await bob.PostAsync($"api/breaches/{id}/start", null));
        JsonObject campaign;
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            campaign = await Ok(await alice.GetAsync($"api/breaches/{id}"));
            if (campaign["status"]!.GetValue<string>() == "completed" || clock.Elapsed > TimeSpan.FromMinutes(30))
            {
                break;
            }
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(10) && campaign["progress"] is { } p)
            {
                lastReport = clock.Elapsed;
                Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds:F0}s: {p["percent"]}% delivered {p["delivered"]}, {p["ratePerMinute"]}/min, eta {p["estimatedCompletion"]}");
            }
            await Task.Delay(500);
        }
        var toCompleted = clock.Elapsed;
        var cpuHub = MachineCpu.Minus(machine.Read(), cpuBefore);
        if (Environment.GetEnvironmentVariable(LocalAzurite.CpuProfileVariable) is { Length: > 0 })
        {
            // The fan-out's window in the table processes' profiles (tools/cpuprofile-shares.mjs), as the intake bench prints its phases'.
            Console.Error.WriteLine($"hub fan-out: profile window --from {IntakeBenchmark.Microseconds(fanOutFrom)} --to {IntakeBenchmark.Microseconds(Stopwatch.GetTimestamp())}");
        }
        telemetry?.On = false;
        sampler?.Print("the hub's fan-out (hub, bench's progress reads, registry client)", citizens);
        await timeline.DisposeAsync();
        // From the start to "completed": the campaign's work, its progress reads (one per 500 ms) and the idle pollers.
        var requests18 = StorageCost.Read(host) - requestsBefore;
        var stats = await registry.ReadStatsAsync();
        var toLastDelivery = (stats.LastDeliveredAt ?? DateTimeOffset.UtcNow) - started;
        var progress = campaign["progress"]!;
        var (distinct, requests, duplicates) = (stats.Distinct, stats.Requests, stats.Duplicates);
        var complete = campaign["status"]!.GetValue<string>() == "completed" && distinct == citizens && progress["delivered"]!.GetValue<long>() == citizens;
        Console.Error.WriteLine($"hub: {distinct} letters, last delivery after {toLastDelivery.TotalSeconds:F1} s, completed after {toCompleted.TotalSeconds:F1} s");
        await host.DisposeAsync();

        // The floor: what the same work costs with nothing of the hub in between.
        sampler?.Print("the hub's shutdown", citizens);
        cpuBefore = machine.Read();
        var (ledgerFloor, floorRequests) = await LedgerFloorAsync(azurite, citizens);
        var cpuLedger = MachineCpu.Minus(machine.Read(), cpuBefore);
        Console.Error.WriteLine($"floor: {citizens} ledger rows in 100-entity batches in {ledgerFloor.TotalSeconds:F1} s");
        // What the floor's two halves allocate in this process, to set the hub's bytes per letter against.
        sampler?.Print("the floor's ledger rows (SDK, 100-entity batches)", citizens);
        cpuBefore = machine.Read();
        var postFloor = await PostFloorAsync(registry, citizens, concurrency);
        var cpuPosts = MachineCpu.Minus(machine.Read(), cpuBefore);
        Console.Error.WriteLine($"floor: {citizens} POSTs ({concurrency} in flight) in {postFloor.TotalSeconds:F1} s");
        sampler?.Print("the floor's POSTs", citizens);

        cpuBefore = machine.Read();
        var (audienceRead, audienceQueries) = await AudienceReadAsync(azurite, id, runId, citizens, packed: true);
        var cpuAudience = MachineCpu.Minus(machine.Read(), cpuBefore);
        Console.Error.WriteLine($"the audience read alone, from its packs: {audienceQueries} looks in {audienceRead.TotalSeconds:F1} s");
        cpuBefore = machine.Read();
        var (rowsRead, rowsQueries) = await AudienceReadAsync(azurite, id, runId, citizens, packed: false);
        var cpuRows = MachineCpu.Minus(machine.Read(), cpuBefore);
        Console.Error.WriteLine($"the audience read alone, from its rows (before ADR 0062): {rowsQueries} looks in {rowsRead.TotalSeconds:F1} s");

        var floor = ledgerFloor + postFloor;
        Console.WriteLine();
        Console.WriteLine("| measure | seconds | letters/s |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| hub: start to last delivery | {toLastDelivery.TotalSeconds:F1} | {citizens / toLastDelivery.TotalSeconds:F0} |");
        Console.WriteLine($"| hub: start to campaign completed | {toCompleted.TotalSeconds:F1} | {citizens / toCompleted.TotalSeconds:F0} |");
        Console.WriteLine($"| floor: ledger rows, SDK, 100-entity batches | {ledgerFloor.TotalSeconds:F1} | {citizens / ledgerFloor.TotalSeconds:F0} |");
        Console.WriteLine($"| floor: POSTs straight to the fake endpoint ({concurrency} in flight) | {postFloor.TotalSeconds:F1} | {citizens / postFloor.TotalSeconds:F0} |");
        Console.WriteLine($"| floor: both, one after the other | {floor.TotalSeconds:F1} | {citizens / floor.TotalSeconds:F0} |");
        Console.WriteLine();
        Console.WriteLine($"ratio hub (to last delivery) / floor: {toLastDelivery.TotalSeconds / floor.TotalSeconds:F2}");
        // Not a floor: the hub must read its audience, and the floor reads none. How much of the ratio this read alone is.
        Console.WriteLine($"the audience read alone, as the planner reads it ({audienceQueries} looks of up to {PlannerLook:N0} citizens from the packs, one after another; no floor counterpart): {audienceRead.TotalSeconds:F1} s, {audienceRead.TotalSeconds / floor.TotalSeconds:F2}x the floor");
        Console.WriteLine($"the same read from the audience rows, as before ADR 0062 ({rowsQueries} looks, in 1,000-row query pages): {rowsRead.TotalSeconds:F1} s, {rowsRead.TotalSeconds / floor.TotalSeconds:F2}x the floor");
        machine.Print(citizens, ("hub: start to completed", cpuHub), ("floor: ledger rows", cpuLedger), ("floor: POSTs", cpuPosts),
            ("the audience read alone (packs)", cpuAudience), ("the audience read alone (rows, before ADR 0062)", cpuRows));
        StorageCost.Print("letter", ("hub: start to completed", requests18, citizens), ("floor: ledger rows in 100-entity batches", floorRequests, citizens));
        // Per page of 200 as well: at 0.01 per letter the calls made once per page or per planner look all round alike.
        StorageCost.Print("page", ("hub: start to completed", requests18, (citizens + 199) / 200));
        Console.WriteLine($"registry: {distinct} distinct keys, {requests} hub requests, {duplicates} repeats absorbed by the key; progress: {progress.ToJsonString()}");
        telemetry?.Print(citizens);
        timeline.Print();
        Console.WriteLine($"sampling ratio: {(samplingPercent is { } p2 ? p2 / 100.0 : 1.0).ToString(CultureInfo.InvariantCulture)}{(samplingPercent is null ? " (Development default)" : "")}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; hub and load share this process, the fake registry runs in its own; load average {LoadAverage()}");
        return complete ? 0 : 1;
    }

    /// <summary>
    /// CPU time of every process of the run (this one: hub and load; each Azurite service; the fake registry), so the ratio
    /// can be read as where the two cores went: on this machine a fan-out is bound by the machine's CPU, not by waiting.
    /// </summary>
    private sealed class MachineCpu(LocalAzurite azurite, RegistryProcess registry)
    {
        private static readonly string[] AzuriteNames = ["Azurite blob", "Azurite queue", "Azurite table", "Azurite search table"];

        public string[] Names { get; } = ["hub and bench (this process)", .. AzuriteNames.Take(azurite.ProcessIds.Count), "fake registry"];

        public double[] Read() =>
        [
            Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds,
            .. azurite.ProcessIds.Select(pid => CpuMeter.ProcessTreeCpu(pid).TotalMilliseconds),
            CpuMeter.ProcessTreeCpu(registry.ProcessId).TotalMilliseconds,
        ];

        public static double[] Minus(double[] after, double[] before) => [.. after.Zip(before, (a, b) => a - b)];

        /// <summary>A row per process, a column per phase: CPU ms per letter, and the phases' totals.</summary>
        public void Print(int letters, params (string Phase, double[] Cpu)[] phases)
        {
            Console.WriteLine();
            Console.WriteLine($"| CPU ms per letter | {string.Join(" | ", phases.Select(p => p.Phase))} |");
            Console.WriteLine($"|---|{string.Concat(phases.Select(_ => "---|"))}");
            for (var n = 0; n < Names.Length; n++)
            {
                Console.WriteLine($"| {Names[n]} | {string.Join(" | ", phases.Select(p => (p.Cpu[n] / letters).ToString("F3", CultureInfo.InvariantCulture)))} |");
            }
            Console.WriteLine($"| all processes | {string.Join(" | ", phases.Select(p => (p.Cpu.Sum() / letters).ToString("F3", CultureInfo.InvariantCulture)))} |");
        }
    }

    private static async Task<string> CreateAsync(HttpClient alice)
    {
        var now = DateTimeOffset.UtcNow;
        var draft = new JsonObject
        {
            ["title"] = "Benchmark breach",
            ["description"] = "CVs were shown where they should not have been.",
            ["detectedAt"] = Time(now),
            ["window"] = new JsonObject { ["from"] = Time(now.AddDays(-2)), ["to"] = Time(now.AddDays(-1)) },
            ["dataCategories"] = new JsonArray("cv-text", "work-experience"),
            // A text per letter language (ADR 0034 update): the letters are in three.
            ["likelyConsequences"] = new JsonObject { ["nb"] = "Arbeidsgivere kan vite at du søkte arbeid.", ["nn"] = "Arbeidsgjevarar kan vite at du søkte arbeid.", ["en"] = "Employers may know the person was looking for work." },
            ["measuresTaken"] = new JsonObject { ["nb"] = "Tilgangen er stengt.", ["nn"] = "Tilgangen er stengd.", ["en"] = "Access closed." },
            ["selector"] = new JsonObject { ["kind"] = "citizens", ["registry"] = BenchHost.Registry, ["citizenIds"] = new JsonArray("bench-seeded") },
            ["letters"] = new JsonObject
            {
                ["fallback"] = "en",
                ["nb"] = new JsonObject { ["subject"] = "Om CV-en din", ["body"] = "CV-en din ({{exposed}}) ble vist mellom {{from}} og {{to}}. {{measures}} {{consequences}} {{dpo}}" },
                ["nn"] = new JsonObject { ["subject"] = "Om CV-en din", ["body"] = "CV-en din ({{exposed}}) vart vist mellom {{from}} og {{to}}. {{measures}} {{consequences}} {{dpo}}" },
                ["en"] = new JsonObject { ["subject"] = "About your CV", ["body"] = "Your CV ({{exposed}}) was shown between {{from}} and {{to}}. {{measures}} {{consequences}} {{dpo}}" },
            },
            ["channelPolicy"] = new JsonObject { ["channels"] = new JsonArray("digital-mailbox", "paper") },
        };
        return (await Ok(await alice.PostAsync("api/breaches", new StringContent(draft.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))))["id"]!.GetValue<string>();
    }

    /// <summary>The audience as a dry run leaves it (1 in 5 protected or unknown: secure), and the counted summary on the campaign.</summary>
    private static async Task<string> SeedAudienceAsync(IServiceProvider services, string id, int citizens)
    {
        var store = services.GetRequiredService<IBreachStore>();
        var runId = HubIds.NewMessageId();
        var languages = new[] { "nb", "nn", "en" };
        var members = Enumerable.Range(0, citizens).Select(i => new AudienceMember
        {
            Registry = BenchHost.Registry,
            CitizenId = $"bench-{i:D7}",
            Language = languages[i % 3],
            Channel = i % 5 == 0 ? BreachChannels.Secure : "digital-mailbox",
            ProtectedStatus = i % 5 == 0 ? ProtectedStatuses.Protected : ProtectedStatuses.NotProtected,
        }).ToList();
        await Parallel.ForEachAsync(members.Chunk(1000), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (chunk, ct) => await store.WriteAudienceAsync(id, runId, chunk, ct));
        // The dry run's counting pass packs the citizens for the planner as it streams them in key order (ADR 0062): the
        // same calls, timed apart (the extra writes a dry run makes for them).
        var packing = Stopwatch.StartNew();
        var ordered = members.OrderBy(TableBreachStore.AudienceRowKey, StringComparer.Ordinal).Chunk(2_000).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            await store.WriteAudiencePacksAsync(id, runId, ordered[i], complete: i == ordered.Count - 1, CancellationToken.None);
        }
        Console.Error.WriteLine($"packed {citizens} citizens in {packing.Elapsed.TotalSeconds:F1} s (a dry run's extra writes, ADR 0062)");
        var campaign = (await store.GetAsync(id, CancellationToken.None))!;
        var summary = new BreachAudienceSummary
        {
            RunId = runId,
            CompletedAt = DateTimeOffset.UtcNow,
            Citizens = citizens,
            Records = citizens,
            UnresolvedCvs = 0,
            ByRegistry = [new BreachCount(BenchHost.Registry, citizens)],
            ByLanguage = [.. members.GroupBy(m => m.Language).Select(g => new BreachCount(g.Key, g.Count()))],
            ByChannel = [.. members.GroupBy(m => m.Channel).Select(g => new BreachCount(g.Key, g.Count()))],
            ByProtectedStatus = [.. members.GroupBy(m => m.ProtectedStatus).Select(g => new BreachCount(g.Key, g.Count()))],
        };
        if (!await store.TryUpdateAsync(campaign with { Audience = summary, Audit = [.. campaign.Audit, new BreachAction("dry-run", Alice, DateTimeOffset.UtcNow)] }, CancellationToken.None))
        {
            throw new InvalidOperationException("The campaign changed while the benchmark seeded it.");
        }
        return runId;
    }

    /// <summary>What one planner look asks for at most: the default backlog of 32 pages of 200.</summary>
    private const int PlannerLook = 32 * 200;

    /// <summary>
    /// The whole audience read as the planner reads it (a look's citizens at a time, one after another): part of the
    /// hub's work that the floor has no counterpart for. From the packs (ADR 0062), or from the rows as before them: on
    /// Azurite each query scans the whole table it reads and sorts what follows its cursor (docs/capacity.md), so this
    /// shows how much of the ratio that read alone is, and what the packs saved in the same run.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, int Queries)> AudienceReadAsync(LocalAzurite azurite, string campaignId, string runId, int citizens, bool packed)
    {
        var store = new TableBreachDeliveryStore(BenchHost.Storage(azurite, "bench"));
        var (after, read, queries) = ("", 0, 0);
        var clock = Stopwatch.StartNew();
        while (read < citizens)
        {
            var rows = packed
                ? await store.NextCitizensAsync(campaignId, runId, after, PlannerLook, CancellationToken.None)
                : await store.NextCitizenRowsAsync(campaignId, runId, after, PlannerLook, CancellationToken.None);
            queries++;
            if (rows.Count == 0)
            {
                break;
            }
            (after, read) = (rows[^1].Key, read + rows.Count);
        }
        return (clock.Elapsed, queries);
    }

    /// <summary>N ledger rows, partitioned per 200 as the hub does, in 100-entity transactions, 8 in flight.</summary>
    private static async Task<(TimeSpan Elapsed, StorageRequestCounts Requests)> LedgerFloorAsync(LocalAzurite azurite, int citizens)
    {
        var storage = BenchHost.Storage(azurite, "floor");
        var table = storage.Table(BreachTables.BreachLedgerTable);
        await table.CreateIfNotExistsAsync();
        var now = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, (citizens + 99) / 100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
        {
            var partition = "floor|" + (batch / 2).ToString("D6", CultureInfo.InvariantCulture);
            await table.SubmitTransactionAsync(Enumerable.Range(batch * 100, Math.Min(100, citizens - batch * 100)).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(partition, $"c|nav|bench-{i:D7}")
                {
                    ["Status"] = "delivered",
                    ["Channel"] = "digital-mailbox",
                    ["Language"] = "nb",
                    ["Attempts"] = 1,
                    ["Duplicate"] = false,
                    ["At"] = now,
                })), ct);
        });
        return (clock.Elapsed, StorageCost.Read(storage));
    }

    /// <summary>N deliveries posted straight to the fake endpoint (same body size as the hub's letters).</summary>
    private static async Task<TimeSpan> PostFloorAsync(RegistryProcess registry, int citizens, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        // The delivery URL among the registry's settings (complaint URL and DPO contact are beside it).
        var url = registry.Settings(BenchHost.Registry)[$"Hub:Breach:Registries:{BenchHost.Registry}:DeliveryUrl"]!;
        var campaignId = "floor" + HubIds.NewRandomId();
        var next = -1;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < citizens)
            {
                var citizen = $"bench-{i:D7}";
                var request = new RegistryDeliveryRequest
                {
                    CampaignId = campaignId,
                    CitizenId = citizen,
                    IdempotencyKey = RegistryDeliveryRequest.KeyOf(campaignId, citizen),
                    Channel = "default",
                    PreferredChannels = ["digital-mailbox", "paper"],
                    Language = "nb",
                    Subject = "Om CV-en din",
                    Body = "CV-en din (cv-text, work-experience) ble vist mellom 2026-01-01 og 2026-01-02. Access closed.",
                };
                using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(request, BreachJson.Default.RegistryDeliveryRequest) };
                message.Headers.Add("Idempotency-Key", request.IdempotencyKey);
                using var response = await http.SendAsync(message);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        if (errors > 0)
        {
            throw new InvalidOperationException($"{errors} floor POSTs were not answered 201.");
        }
        return clock.Elapsed;
    }

    private static async Task<JsonObject> Ok(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
