using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Retention;
using IntegrationHub.DevHost;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Retention;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Bench;

/// <summary>
/// ./hub bench retention (ADR 0023): seeds N expired rows, half access log and half visibility history, in the stores'
/// own month tables and key layout, plus live rows in the current month, and a search corpus; then measures
/// <list type="bullet">
/// <item>the floor: the same expired rows, seeded again under another prefix, deleted straight in 100-entity batch
/// transactions (rows/s);</item>
/// <item>the purge (<see cref="RetentionPurge"/>, ticks back to back) over the expired rows, in two parts (rows/s);</item>
/// <item>employer search p99 (through the dev host) in interleaved halves: alone, and while the purge ticks;</item>
/// <item>that every live row is still there and no expired month is left.</item>
/// </list>
/// Targets (issue 16): purge at least 0.3x the floor; search p99 during the purge within +30 % of search without it.
/// </summary>
internal static class RetentionBenchmark
{
    private const string Registry = BenchHost.Registry;
    private const int Batch = 100;

    /// <summary>The registry the seeded log rows name (a Norwegian one, filed as "nav" is), apart from what the searches log.</summary>
    private const string SeedRegistry = "seed";

    /// <summary>One 100-row transaction of the seed: which store, month and side, and its number (the rows follow from it).</summary>
    private sealed record BatchSpec(string Store, string Month, string Side, int Number);

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    public static async Task<int> RunAsync(string root, int expired, int live, int cvs, int seconds, int searchConcurrency, int concurrency)
    {
        var total = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var current = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        // Two expired sets, three months each, both past a 24-month retention today; the first is already past it four
        // months ago, so the purge (on a clock set back) can take one set per "during" half.
        string[] firstSet = [.. new[] { -40, -39, -38 }.Select(m => Month(current.AddMonths(m)))];
        string[] secondSet = [.. new[] { -30, -29, -28 }.Select(m => Month(current.AddMonths(m)))];
        var thisMonth = Month(current);
        Console.Error.WriteLine($"retention benchmark: {expired} expired rows (half access log, half visibility history, months {firstSet[0]}..{secondSet[^1]}), {live} live rows ({thisMonth}), {cvs} CVs to search; starting Azurite");
        await using var azurite = await LocalAzurite.StartAsync(root);
        var cpu = new CpuMeter(azurite.ProcessIds);
        var hub = Options.Create(new HubOptions { Registries = new(StringComparer.Ordinal) { [Registry] = new RegistrySettings { Jurisdiction = "NO" } } });

        var storage = BenchHost.Storage(azurite, "bench");
        var seed = Stopwatch.StartNew();
        await AccessBenchmark.SeedAsync(root, storage, cvs, Math.Min(cvs, 100));
        var corpusTime = seed.Elapsed;
        var expiredSpecs = Specs(firstSet, expired / 2).Concat(Specs(secondSet, expired - expired / 2)).ToList();
        var liveSpecs = Specs([thisMonth], live).ToList();
        await SeedAsync(storage, expiredSpecs.Concat(liveSpecs), concurrency);
        var floorStorage = BenchHost.Storage(azurite, "floor");
        await SeedAsync(floorStorage, expiredSpecs, concurrency);
        var expiredRows = expiredSpecs.Count * (long)Batch;
        var liveRows = liveSpecs.Count * (long)Batch;
        Console.Error.WriteLine($"setup: corpus {corpusTime.TotalSeconds:F0} s, {expiredRows} expired + {liveRows} live rows and the floor's copy in {(seed.Elapsed - corpusTime).TotalSeconds:F0} s");

        var settings = AccessBenchmark.EmployerSettings(searchConcurrency);
        // The host's own purge timer stays off: this benchmark ticks the purge itself.
        settings["Hub:Retention:PurgeEnabled"] = "false";
        await using var host = await BenchHost.StartAsync(azurite, settings);
        var clients = Enumerable.Range(0, searchConcurrency).Select(a => host.Client(AccessBenchmark.Employer(a), HubRoles.CvRead, 2, AccessBenchmark.EmployerUser(a))).ToArray();

        // The floor: the same deletes, straight, 100 entities per transaction, as many at once as the seed wrote.
        var floorRequestsBefore = StorageCost.Read(floorStorage);
        var floorWatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(expiredSpecs, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (spec, ct) =>
        {
            var (table, partition, rows) = Rows(spec);
            await floorStorage.Table(table).SubmitTransactionAsync(
                rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, r.RowKey), ETag.All)), ct);
        });
        var floor = expiredRows / floorWatch.Elapsed.TotalSeconds;
        var floorRequests = StorageCost.Read(floorStorage) - floorRequestsBefore;
        Console.Error.WriteLine($"floor: {expiredRows} rows deleted in 100-entity batches in {floorWatch.Elapsed.TotalSeconds:F1} s ({floor:F0} rows/s)");

        var services = host.App.Services;
        var clock = new MovableClock(now.AddMonths(-4));
        var purge = new RetentionPurge(
            services.GetRequiredService<TableAccessLog>(), services.GetRequiredService<TableVisibilityStateStore>(),
            services.GetRequiredService<TableBoardFeedStore>(), services.GetRequiredService<TableBreachDeliveryStore>(),
            services.GetRequiredService<IntegrationHub.Core.JobAds.IJobAdRetention>(), services.GetRequiredService<IntegrationHub.Core.Kernel.ILegalHolds>(), services.GetRequiredService<HubStorage>(),
            Options.Create(new RetentionOptions { AccessLogMonths = 24, VisibilityHistoryMonths = 24, Jurisdictions = new(StringComparer.Ordinal) }),
            hub, clock, NullLogger<RetentionPurge>.Instance);

        // Search alone and search while the purge ticks, in interleaved halves; each "during" half's purge takes one set.
        var half = TimeSpan.FromSeconds(Math.Max(2, seconds / 2.0));
        await LoadRun.RunAsync("warm-up search", TimeSpan.FromSeconds(2), searchConcurrency, (w, i) => AccessBenchmark.Search(clients[w], i, null));
        var (alone, during) = (new List<LoadRun.Result>(), new List<LoadRun.Result>());
        var purgeTime = TimeSpan.Zero;
        var (ticks, periods) = (0, 0L);
        var (requestsAlone, requestsDuring) = (StorageRequestCounts.None, StorageRequestCounts.None);
        for (var round = 0; round < 2; round++)
        {
            var offset = round * 1_000;
            var r0 = StorageCost.Read(host);
            alone.Add(await IntakeBenchmark.Measured(cpu, () => LoadRun.RunAsync("search", half, searchConcurrency, (w, i) => AccessBenchmark.Search(clients[w], i + offset, null))));
            var r1 = StorageCost.Read(host);
            requestsAlone += r1 - r0;
            clock.Now = round == 0 ? now.AddMonths(-4) : now;
            using var stop = new CancellationTokenSource(half);
            var purging = Task.Run(async () =>
            {
                var watch = Stopwatch.StartNew();
                var working = true;
                while (!stop.IsCancellationRequested)
                {
                    var removed = await purge.RunOnceAsync(CancellationToken.None);
                    ticks++;
                    var dropped = removed.Where(r => r.Unit == "periods").Sum(r => r.Count);
                    periods += dropped;
                    if (working && dropped == 0)
                    {
                        // The set is gone: from here on the ticks find nothing, as the timer's would.
                        purgeTime += watch.Elapsed;
                        working = false;
                    }
                }
                if (working)
                {
                    purgeTime += watch.Elapsed;
                }
            });
            during.Add(await IntakeBenchmark.Measured(cpu, () => LoadRun.RunAsync("search during the purge", half, searchConcurrency, (w, i) => AccessBenchmark.Search(clients[w], i + offset + 500, null))));
            await purging;
            requestsDuring += StorageCost.Read(host) - r1;
        }

        // Checks: no expired month left, every live row still there.
        var accessPeriods = await services.GetRequiredService<TableAccessLog>().Periods.ExistingAsync(CancellationToken.None);
        var historyPeriods = await services.GetRequiredService<TableVisibilityStateStore>().History.ExistingAsync(CancellationToken.None);
        var leftExpired = accessPeriods.Concat(historyPeriods).Count(p => string.CompareOrdinal(p.Month, thisMonth) < 0);
        // The searches wrote this month's access log too: count the seeded rows only (their request ids start "seed").
        long liveLeft = 0;
        foreach (var period in accessPeriods.Concat(historyPeriods).Where(p => p.Month == thisMonth))
        {
            await foreach (var row in storage.Table(period.Name).QueryAsync<TableEntity>(select: ["RowKey", "RequestId"]))
            {
                liveLeft += row.GetString("RequestId") is not { } request || request.StartsWith("seed", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        var (a, d) = (Merge("search alone", alone), Merge("search during the purge", during));
        var rate = expiredRows / Math.Max(purgeTime.TotalSeconds, 1e-3);
        Console.WriteLine();
        Console.WriteLine("| phase | operations | errors | per second | p50 ms | p99 ms | CPU ms/op .NET | CPU ms/op Azurite |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in new[] { a, d })
        {
            Console.WriteLine($"| {r.Name} | {r.Operations} | {r.Errors} | {r.PerSecond:F1} | {r.Percentile(50):F1} | {r.Percentile(99):F1} | {r.CpuPerOperation.HubMs:F2} | {r.CpuPerOperation.AzuriteMs:F2} |");
        }
        Console.WriteLine();
        Console.WriteLine($"floor: {expiredRows} rows in 100-entity delete transactions, {floor:F0} rows/s");
        Console.WriteLine($"purge: {expiredRows} rows ({periods} month tables dropped) in {purgeTime.TotalSeconds:F2} s of {ticks} ticks, {rate:F0} rows/s = {rate / floor:F1}x the floor (target >= 0.3x: {(rate >= 0.3 * floor ? "met" : "missed")})");
        var p99Ratio = d.Percentile(99) / a.Percentile(99);
        Console.WriteLine($"search p99 during the purge {d.Percentile(99):F1} ms vs alone {a.Percentile(99):F1} ms: {(p99Ratio - 1) * 100:+0;-0} % (target within +30 %: {(p99Ratio <= 1.3 ? "met" : "missed")}); {searchConcurrency} caller(s), {cvs} CVs");
        // The purge drops whole month tables (ADR 0023): its requests per expired row are far below the floor's row deletes.
        StorageCost.Print("expired row", ("hub: purge ticks and the searches beside them", requestsDuring, expiredRows), ("floor: 100-entity delete transactions", floorRequests, expiredRows));
        StorageCost.Print("search page", ("search alone", requestsAlone, a.Operations));
        Console.WriteLine($"live rows: {liveLeft} of {liveRows} still there; expired month tables left: {leftExpired}");
        Console.WriteLine($"whole run {total.Elapsed.TotalMinutes:F1} min; machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        return a.Errors + d.Errors == 0 && liveLeft == liveRows && leftExpired == 0 ? 0 : 1;
    }

    private static string Month(DateTimeOffset at) => RetentionPeriods.MonthOf(at);

    private static LoadRun.Result Merge(string name, List<LoadRun.Result> runs) =>
        new(name, runs.Sum(r => r.Operations), runs.Sum(r => r.Errors), TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)), [.. runs.SelectMany(r => r.LatenciesMs).Order()])
        {
            CpuPerOperation = (runs.Average(r => r.CpuPerOperation.HubMs), runs.Average(r => r.CpuPerOperation.AzuriteMs)),
        };

    /// <summary>The batches of <paramref name="rows"/> rows over the months: half access log (both sides), half history.</summary>
    private static IEnumerable<BatchSpec> Specs(string[] months, int rows)
    {
        var logEntries = Math.Max(1, rows / 2 / (2 * Batch));
        var historyBatches = Math.Max(1, rows / 2 / Batch);
        for (var n = 0; n < logEntries; n++)
        {
            var month = months[n % months.Length];
            yield return new BatchSpec(AccessTables.AccessLogTable, month, "party", n);
            yield return new BatchSpec(AccessTables.AccessLogTable, month, "cvs", n);
        }
        for (var n = 0; n < historyBatches; n++)
        {
            yield return new BatchSpec(TableVisibilityStateStore.HistoryTable, months[n % months.Length], "history", n);
        }
    }

    private static async Task SeedAsync(HubStorage storage, IEnumerable<BatchSpec> specs, int concurrency)
    {
        var all = specs.ToList();
        foreach (var table in all.Select(s => s.Store + "NO" + s.Month).Distinct())
        {
            await storage.Table(table).CreateIfNotExistsAsync();
        }
        var watch = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (spec, ct) =>
        {
            var (table, _, rows) = Rows(spec);
            await storage.Table(table).SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct);
            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                Console.Error.WriteLine($"  seeded {done * (long)Batch} rows ({storage.Prefix}) in {watch.Elapsed.TotalSeconds:F0} s");
            }
        });
    }

    /// <summary>The 100 rows of a batch, in the store's own layout (TableAccessLog, TableVisibilityStateStore).</summary>
    private static (string Table, string Partition, List<TableEntity> Rows) Rows(BatchSpec spec)
    {
        var table = spec.Store + "NO" + spec.Month;
        var start = RetentionPeriods.StartOf(spec.Month);
        var day = start.AddDays(spec.Number % 28);
        var rows = new List<TableEntity>(Batch);
        var party = $"bench-seed-{spec.Number % 16}";
        var partition = spec.Side switch
        {
            "party" => $"party|{party}|{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}",
            "cvs" => $"cvs|{SeedRegistry}|{spec.Month}",
            _ => Registry,
        };
        for (var i = 0; i < Batch; i++)
        {
            var at = new DateTimeOffset(day.AddSeconds(spec.Number % 86_400).AddTicks(i), TimeSpan.Zero);
            var cvId = $"cv{spec.Number:D7}{i:D3}aaaaaaaaaaaaaaa";
            var requestId = $"seed{spec.Number:D7}";
            if (spec.Side == "history")
            {
                rows.Add(new TableEntity(partition, $"bench-cit-{spec.Number:D7}-{i:D3}|{at.UtcTicks:D19}")
                {
                    ["Interval"] = IntervalJson,
                    ["Audience"] = "Employers",
                    ["From"] = at,
                    ["To"] = at.AddDays(3),
                });
                continue;
            }
            var row = $"{at.UtcTicks:D19}|{requestId}|{i:D4}";
            rows.Add(new TableEntity(partition, spec.Side == "party" ? row : $"{cvId}|{row}")
            {
                ["At"] = at,
                ["ClientId"] = AccessBenchmark.Employer(spec.Number % 16),
                ["Party"] = party,
                ["UserObjectId"] = AccessBenchmark.EmployerUser(spec.Number % 16),
                ["Registry"] = SeedRegistry,
                ["CvId"] = cvId,
                ["Kind"] = "search-hit",
                ["Fields"] = "jobsSought,languages,itSkills",
                ["RequestId"] = requestId,
            });
        }
        return (table, partition, rows);
    }

    /// <summary>An interval as the store writes one (a decision with its reasons and the facts), for the history rows' size.</summary>
    private const string IntervalJson =
        """{"from":"2023-01-01T00:00:00+00:00","cvId":"k4zwz2agd62h66amhjp6jixfom","decision":{"audience":"Employers","searchable":true,"presentation":"Open","reasons":["consent-to-employers","no-work-oriented-benefit"],"legalBasis":{"employers":"consent","boards":"none"}},"facts":{"consentToEmployers":true,"workOrientedBenefit":false,"reducedWorkCapacityBenefit":false,"protectedAddress":false,"cvPresent":true,"publication":"open"}}""";
}
