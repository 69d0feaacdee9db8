using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IntegrationHub.Core.Callers;
using IntegrationHub.DevHost;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.StandIns;
using IntegrationHub.Storage.JobAds;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Bench;

/// <summary>
/// ./hub bench jobads: a recruitment system POSTs N ads (to all four boards) through the dev host; the hub delivers
/// them through its per-board queues to the boards' stand-ins on loopback, and follows NAV's admin status and Jobnet's
/// approval until each board decided. Measured once fault-free and once with 20 % transient faults at every board
/// (503 before or after the board did the work, 429 with Retry-After: 1), in one run: ads and deliveries per second from
/// the first POST until every ad is in a final state on every board, against a floor measured in the same run: the same
/// board calls (publish, then follow until decided) made directly to fault-free stand-ins, with no hub in between.
/// </summary>
internal static class JobAdsBenchmark
{
    private const string Audience = "6f1c2d3e-0000-4000-8000-00000000a001";
    private const string Client = "bench-ats";
    private const string System = "benchats";

    public static async Task<int> RunAsync(string root, int ads, int concurrency)
    {
        Console.Error.WriteLine($"job-ads benchmark: {ads} ads x 4 boards per phase, {concurrency} concurrent senders; starting Azurite");
        await using var azurite = await LocalAzurite.StartAsync(root);
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "contracts", "examples", "jobad.json")))!.AsObject();

        // Warm-up (not reported): JIT, connection pools and Azurite's first tables, so the first measured phase does not pay them.
        await PhaseAsync("warm-up", 0.0, azurite.ConnectionString, example, Math.Min(200, ads), concurrency);
        var floor = await JobAdsFloor.MeasureAsync(example, ads, concurrency);
        var clean = await PhaseAsync("fault-free", 0.0, azurite.ConnectionString, example, ads, concurrency);
        var faulty = await PhaseAsync("20% transient faults", 0.2, azurite.ConnectionString, example, ads, concurrency);

        Console.WriteLine();
        Console.WriteLine("| phase | ads | deliveries | POST ads/s | ads/s to final state | deliveries/s to final state | of the floor | seconds to final | accepted (EURES: published) | failed | board requests | faults injected | duplicates at boards |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| floor: the board calls made directly | {ads} | {floor.Deliveries} | - | {ads / floor.Elapsed.TotalSeconds:F1} | {floor.Rate:F1} | 1.00 | {floor.Elapsed.TotalSeconds:F1} | {floor.Accepted} | - | {floor.Requests} | 0 | - |");
        foreach (var r in new[] { clean, faulty })
        {
            Console.WriteLine($"| {r.Name} | {r.Ads} | {r.Deliveries} | {r.PostRate:F0} | {r.FinalRate:F1} | {r.DeliveryRate:F1} | {r.DeliveryRate / floor.Rate:F2} | {r.Elapsed.TotalSeconds:F1} | {r.Accepted} | {r.Failed} | {r.Requests} | {r.Faults} | {r.Duplicates} |");
        }
        Console.WriteLine();
        // The floor calls the boards directly and stores nothing: its storage requests per delivery are 0.
        StorageCost.Print("ad delivered", ("hub, fault-free", clean.Storage, clean.Deliveries), ("hub, 20% transient faults", faulty.Storage, faulty.Deliveries),
            ("floor: the board calls made directly", Storage.Common.StorageRequestCounts.None, floor.Deliveries));
        Console.WriteLine($"ratio with faults / fault-free (ads/s to final state): {faulty.FinalRate / clean.FinalRate:F2}; fault ratio (faults injected / board requests): {(double)faulty.Faults / Math.Max(1, faulty.Requests):F2}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; hub, fake boards and load generator share this process");
        return clean.Complete && faulty.Complete && clean.Duplicates == 0 && faulty.Duplicates == 0 ? 0 : 1;
    }

    private sealed record PhaseResult(string Name, int Ads, int Deliveries, double PostRate, TimeSpan Elapsed, int Accepted, int Failed, int Requests, int Faults, int Duplicates, bool Complete)
    {
        /// <summary>The hub's storage requests from its start to every board's final state (the bench's own polling not among them).</summary>
        public IntegrationHub.Storage.Common.StorageRequestCounts Storage { get; init; } = IntegrationHub.Storage.Common.StorageRequestCounts.None;

        public double FinalRate => Ads / Elapsed.TotalSeconds;

        /// <summary>Each ad is one delivery per board.</summary>
        public double DeliveryRate => Deliveries / Elapsed.TotalSeconds;
    }

    private static async Task<PhaseResult> PhaseAsync(string name, double faultRate, string connectionString, JsonObject example, int ads, int concurrency)
    {
        await using var boards = await BoardStandIns.StartAsync();
        int faults;
        foreach (var board in boards.Boards.Values)
        {
            board.TransientFaultRate = faultRate;
            board.RetryAfterSeconds = 1;
        }
        var prefix = "bench" + new string([.. name.Where(char.IsLetterOrDigit).Take(7)]).ToLowerInvariant();
        var keyFile = Path.Combine(Directory.CreateTempSubdirectory("hub-bench-").FullName, "dev.pem");
        var issuer = DevIssuer.Load(keyFile, create: true);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Hub:Storage:NamePrefix"] = prefix,
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = DevIssuer.TenantId,
            ["AzureAd:ClientId"] = Audience,
            ["Auth:DevIssuer:KeyFile"] = keyFile,
            ["Hub:Clients:0:ClientId"] = Client,
            ["Hub:Clients:0:Kind"] = "System",
            ["Hub:Clients:0:Id"] = System,
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Polly"] = "None", // every handled fault is logged by Polly's telemetry; the table below counts them
            [StorageCost.Setting] = "true",
        };
        foreach (var (key, value) in boards.Settings(quickRetries: false))
        {
            settings[key] = value;
        }
        var app = DevHostApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development", "--contentRoot", AppContext.BaseDirectory],
            builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(address + "/"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Mint(Audience, Client, [HubRoles.JobAdSubmit]));
        var table = new TableServiceClient(connectionString).GetTableClient(prefix + JobAdsTables.JobAdsTable);

        Console.Error.WriteLine($"{name}: posting {ads} ads");
        var started = Stopwatch.StartNew();
        var next = -1;
        var postErrors = 0;
        var published = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", global::System.Globalization.CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", global::System.Globalization.CultureInfo.InvariantCulture);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ads)
            {
                var ad = example.DeepClone().AsObject();
                ad["reference"] = $"bench-{i:D6}";
                ad["title"] = $"Helsefagarbeider {i}";
                ad["targets"] = new JsonArray("nav", "jobnet", "finn", "eures");
                ad["locations"]!.AsArray().Add(new JsonObject { ["city"] = "København", ["country"] = "DK" });
                ad["published"] = published;
                ad["expires"] = expires;
                using var content = new StringContent(ad.ToJsonString(), global::System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("api/jobads", content);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref postErrors);
                }
            }
        }));
        var postRate = ads / started.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"{name}: {ads} ads posted in {started.Elapsed.TotalSeconds:F1} s ({postErrors} errors); waiting for every board to reach a final state");

        var complete = false;
        while (started.Elapsed < TimeSpan.FromMinutes(30))
        {
            var open = 0;
            await foreach (var _ in table.QueryAsync<TableEntity>($"PartitionKey eq '{System}' and RowKey ge 'st|' and RowKey lt 'st}}' and (Status eq 'Pending' or Status eq 'Sent' or Status eq 'AwaitingApproval')", select: ["RowKey"]))
            {
                open++;
            }
            if (open == 0)
            {
                complete = true;
                break;
            }
            Console.Error.WriteLine($"  {name}: {started.Elapsed.TotalSeconds:F0}s, {open} deliveries not final yet");
            await Task.Delay(2000);
        }
        var elapsed = started.Elapsed;

        int accepted = 0, failed = 0, total = 0;
        await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey eq '{System}' and RowKey ge 'st|' and RowKey lt 'st}}'", select: ["Status"]))
        {
            total++;
            // EURES pulls: its final state is Published (ADR 0016), the push boards' is Accepted.
            accepted += row.GetString("Status") is "Accepted" or "Published" ? 1 : 0;
            failed += row.GetString("Status") == "Failed" ? 1 : 0;
        }
        complete &= total == ads * 4;
        var requests = boards.Boards.Values.Sum(b => b.Requests.Count);
        faults = Faults(boards);
        var duplicates = boards["jobnet"].Creations.Values.Count(n => n > 1)
            + boards.Boards.Values.Where(b => b.Name != "jobnet").Sum(b => Math.Max(0, b.Ads.Count - ads));
        var storage = StorageCost.Read(app.Services.GetRequiredService<Storage.Common.HubStorage>());
        await app.StopAsync();
        await app.DisposeAsync();
        return new PhaseResult(name, ads, total, postRate, elapsed, accepted, failed, requests, faults, duplicates, complete) { Storage = storage };
    }

    /// <summary>Requests the fake boards answered with an injected fault (503 or 429).</summary>
    private static int Faults(BoardStandIns boards) => boards.Boards.Values.Sum(b => b.FaultsInjected);
}
