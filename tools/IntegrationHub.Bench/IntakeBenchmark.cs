using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IntegrationHub.Core.Callers;
using IntegrationHub.DevHost;
using IntegrationHub.Storage.Cvs;

namespace IntegrationHub.Bench;

/// <summary>
/// ./hub bench intake: registries POST realistic CVs concurrently through the dev host for a fixed time; in the same
/// run, the raw Azurite floor writes the same documents straight with the SDK (blob upload + table upsert), and two more
/// floors make the hub's storage calls for a new CV without the hub: the intake call's 2 (upload, three-row transaction;
/// the external id's read went with ADR 0063's guess), and every request the hub makes for it, the downstream decision's
/// included (ADR 0055).
/// </summary>
internal static class IntakeBenchmark
{
    public static async Task<int> RunAsync(string root, int seconds, int concurrency)
    {
        Console.Error.WriteLine($"intake benchmark: {seconds}s per phase, {concurrency} concurrent senders; starting Azurite");
        await using var azurite = await LocalAzurite.StartAsync(root);
        var corpus = CvCorpus.Build(root, 20_000);
        Console.Error.WriteLine($"corpus: {corpus.Length} CVs, {corpus.Min(d => d.Length) / 1024.0:F1}-{corpus.Max(d => d.Length) / 1024.0:F1} KB, mean {corpus.Average(d => d.Length) / 1024.0:F1} KB");

        // Phase 1: the raw floor. The same documents, one blob upload and one table upsert each.
        // The floors use the hub's own client factory, so both sides sign requests the same way.
        var rawStorage = BenchHost.Storage(azurite, "raw");
        var blobs = rawStorage.Container("cvs");
        var table = rawStorage.Table("cvs");
        await blobs.CreateIfNotExistsAsync();
        await table.CreateIfNotExistsAsync();
        var cpu = new CpuMeter(azurite.ProcessIds);
        await LoadRun.RunAsync("warm-up raw", TimeSpan.FromSeconds(2), concurrency, i => RawWrite(blobs, table, corpus, i + corpus.Length / 2));
        var rawBefore = StorageCost.Read(rawStorage);
        var each = new List<(string Phase, double[] Cpu)>();
        var raw = await MeasuredEach(cpu, each, () => LoadRun.RunAsync("raw floor", TimeSpan.FromSeconds(seconds), concurrency, i => RawWrite(blobs, table, corpus, i)));
        var sameBefore = StorageCost.Read(rawStorage);
        var same = await MeasuredEach(cpu, each, () => LoadRun.RunAsync("raw, the intake call's storage calls", TimeSpan.FromSeconds(seconds), concurrency, i => RawIntakeOps(blobs, table, corpus, i)));
        var sameAfter = StorageCost.Read(rawStorage);
        var states = rawStorage.Table("visibility");
        var tombstones = rawStorage.Table("erasures");
        await states.CreateIfNotExistsAsync();
        await tombstones.CreateIfNotExistsAsync();
        var all = await MeasuredEach(cpu, each, () => LoadRun.RunAsync("raw, the hub's storage calls", TimeSpan.FromSeconds(seconds), concurrency, i => RawHubOps(blobs, table, states, tombstones, corpus, i)));
        var allAfter = StorageCost.Read(rawStorage);

        // Phase 2: the hub, through real HTTP to the dev host, with downstream work running.
        var host = await BenchHost.StartAsync(azurite);
        using var http = host.Client(BenchHost.RegistryClient, HubRoles.CvSubmit, concurrency);
        var queue = new QueueClient(azurite.ConnectionString, "bench" + IntegrationHub.Core.Cvs.CvsQueues.CvChanges);

        var maxBacklog = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxBacklog = Math.Max(maxBacklog, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
                await Task.Delay(1000);
            }
        });
        await LoadRun.RunAsync("warm-up hub", TimeSpan.FromSeconds(2), concurrency, i => Post(http, corpus, i + corpus.Length / 2));
        var hubBefore = StorageCost.Read(host);
        var hub = await MeasuredEach(cpu, each, () => LoadRun.RunAsync("hub intake", TimeSpan.FromSeconds(seconds), concurrency, i => Post(http, corpus, i)));

        // Downstream: time from the end of the load until every change has been processed.
        var drain = System.Diagnostics.Stopwatch.StartNew();
        var cvs = new TableServiceClient(azurite.ConnectionString).GetTableClient("bench" + CvsTables.CvsTable);
        while (drain.Elapsed < TimeSpan.FromMinutes(5))
        {
            var pending = 0;
            await foreach (var _ in cvs.QueryAsync<TableEntity>("PartitionKey eq 'nav' and RowKey ge 'chg|' and RowKey lt 'chg}'", select: ["RowKey"]))
            {
                pending++;
            }
            var waiting = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
            if (pending == 0 && waiting == 0)
            {
                break;
            }
            await Task.Delay(250);
        }
        drain.Stop();
        await sampling.CancelAsync();
        await sampler;
        // The hub's requests from the measured load until its changes were processed: intake and the downstream work it
        // caused (pump, projection, index, feed), and the idle pollers and leases of that time.
        var hubRequests = StorageCost.Read(host) - hubBefore;
        await host.DisposeAsync();
        var stateBytes = await MeanStateBytesAsync(new TableServiceClient(azurite.ConnectionString).GetTableClient("bench" + IntegrationHub.Storage.Visibility.VisibilityTables.VisibilityTable));

        Console.WriteLine();
        Console.WriteLine("| phase | operations | errors | per second | p50 ms | p99 ms | CPU ms/op .NET | CPU ms/op Azurite |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in new[] { raw, same, all, hub })
        {
            Console.WriteLine($"| {r.Name} | {r.Operations} | {r.Errors} | {r.PerSecond:F0} | {r.Percentile(50):F1} | {r.Percentile(99):F1} | {r.CpuPerOperation.HubMs:F2} | {r.CpuPerOperation.AzuriteMs:F2} |");
        }
        Console.WriteLine();
        // The floor of every call decides each CV before its operation ends; the hub decides downstream, so its rate against
        // that floor counts the CVs decided: those of the load, over the load and the drain after it (ADR 0055).
        var decided = hub.Operations / (seconds + drain.Elapsed.TotalSeconds);
        Console.WriteLine($"ratio hub / raw floor: {hub.PerSecond / raw.PerSecond:F2}; hub / raw with the hub's storage calls: {decided / all.PerSecond:F2} ({decided:F0} CVs decided/s: {hub.Operations} over the load and the drain); hub / raw with the intake call's storage calls: {hub.PerSecond / same.PerSecond:F2}");
        StorageCost.Print("CV", ("hub (intake and downstream)", hubRequests, hub.Operations), ("raw floor", sameBefore - rawBefore, raw.Operations),
            ("raw, the intake call's storage calls", sameAfter - sameBefore, same.Operations), ("raw, the hub's storage calls", allAfter - sameAfter, all.Operations));
        // ADR 0055: the floor is fair only while it makes what the hub makes; say so when the two drift apart.
        var (hubPerCv, floorPerCv) = ((double)hubRequests.Total / Math.Max(1, hub.Operations), (double)(allAfter - sameAfter).Total / Math.Max(1, all.Operations));
        Console.WriteLine($"the hub's storage calls floor: {floorPerCv:F2} requests per CV against the hub's {hubPerCv:F2}; its state row {FloorState.Length} characters against the hub's mean {stateBytes:F0}"
            + (Math.Abs(hubPerCv - floorPerCv) > 0.5 ? " - THE FLOOR NO LONGER MAKES THE HUB'S CALLS: update RawHubOps (ADR 0055)" : ""));
        PrintEach(each, [raw, same, all, hub]);
        Console.WriteLine($"downstream: cv-changes backlog peaked at {maxBacklog} messages; all changes processed {drain.Elapsed.TotalSeconds:F1} s after the load stopped");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        return hub.Errors == 0 ? 0 : 1;
    }

    internal static async Task<LoadRun.Result> Measured(CpuMeter cpu, Func<Task<LoadRun.Result>> run)
    {
        var before = cpu.Read();
        var from = System.Diagnostics.Stopwatch.GetTimestamp();
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var result = await run();
        var after = cpu.Read();
        if (Environment.GetEnvironmentVariable(LocalAzurite.CpuProfileVariable) is { Length: > 0 })
        {
            // Stopwatch and node's profile both count CLOCK_MONOTONIC on Linux: the phase's window for tools/cpuprofile-shares.mjs.
            Console.Error.WriteLine($"  {result.Name}: profile window --from {Microseconds(from)} --to {Microseconds(System.Diagnostics.Stopwatch.GetTimestamp())}");
        }
        Console.Error.WriteLine($"  {result.Name}: {GC.CollectionCount(0) - gen0} gen0 and {GC.CollectionCount(2) - gen2} gen2 collections, {GC.GetGCMemoryInfo().GenerationInfo[0].SizeAfterBytes / 1024} KB gen0 after the last");
        var n = Math.Max(1, result.Operations);
        result.CpuPerOperation = ((after.Hub - before.Hub).TotalMilliseconds / n, (after.Azurite - before.Azurite).TotalMilliseconds / n);
        return result;
    }

    internal static long Microseconds(long timestamp) => (long)(timestamp * (1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    /// <summary><see cref="Measured"/>, and the CPU of each Azurite process over the same phase (added to <paramref name="each"/>).</summary>
    private static async Task<LoadRun.Result> MeasuredEach(CpuMeter cpu, List<(string Phase, double[] Cpu)> each, Func<Task<LoadRun.Result>> run)
    {
        var before = cpu.ReadEach();
        var result = await Measured(cpu, run);
        each.Add((result.Name, [.. cpu.ReadEach().Zip(before, (a, b) => (a - b).TotalMilliseconds)]));
        return result;
    }

    /// <summary>
    /// Azurite's CPU per operation by process (issue 18, branch hiprof): the total alone does not say whether the table
    /// requests, the document uploads or the queue's messages cost it. The hub's column includes the downstream work that ran
    /// during the load; the drain after it is not in any column.
    /// </summary>
    private static void PrintEach(List<(string Phase, double[] Cpu)> each, LoadRun.Result[] results)
    {
        string[] names = ["Azurite blob", "Azurite queue", "Azurite table", "Azurite search table"];
        Console.WriteLine();
        Console.WriteLine($"| Azurite CPU ms per operation | {string.Join(" | ", each.Select(e => e.Phase))} |");
        Console.WriteLine($"|---|{string.Concat(each.Select(_ => "---|"))}");
        for (var n = 0; n < names.Length && n < each[0].Cpu.Length; n++)
        {
            Console.WriteLine($"| {names[n]} | {string.Join(" | ", each.Select((e, i) => (e.Cpu[n] / Math.Max(1, results[i].Operations)).ToString("F2", CultureInfo.InvariantCulture)))} |");
        }
    }

    private static async Task<bool> RawWrite(BlobContainerClient blobs, TableClient table, byte[][] corpus, int i)
    {
        var document = corpus[i % corpus.Length];
        var id = $"raw{i:D8}";
        await blobs.GetBlobClient($"{id}/v000001.json").UploadAsync(new BinaryData(document), overwrite: true);
        await table.UpsertEntityAsync(new TableEntity("nav", "cv|" + id) { ["DocumentName"] = $"{id}/v000001.json", ["Version"] = 1 });
        return true;
    }

    /// <summary>The storage calls of the intake call for a new CV, without HTTP, auth or validation: upload, 3-row transaction (ADR 0063: no read first).</summary>
    private static async Task<bool> RawIntakeOps(BlobContainerClient blobs, TableClient table, byte[][] corpus, int i)
    {
        await IntakeCalls(blobs, table, corpus, "same", $"same{i:D8}", i);
        return true;
    }

    /// <summary>
    /// Every storage request the hub makes for a new CV nobody may see yet, in the order it makes them, without HTTP, auth,
    /// validation, queues or the decision itself (ADR 0055; StorageRequestCountTests pins the same list): the intake
    /// call's 2, then the downstream decision's 2: the CV row, the decision's transaction (the state inserted without a read
    /// first, and its interval; ADR 0063); and for each page of changes one range query of the erasures' time marks (none).
    /// </summary>
    private static async Task<bool> RawHubOps(BlobContainerClient blobs, TableClient table, TableClient states, TableClient tombstones, byte[][] corpus, int i)
    {
        var id = $"all{i:D8}";
        await IntakeCalls(blobs, table, corpus, "all", id, i);
        // No state read: a first version's decision is inserted without one while that pays (ADR 0063).
        await table.GetEntityAsync<TableEntity>("all", "cv|" + id);
        await states.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("all", id)
            {
                ["State"] = FloorState, ["Audience"] = "Hidden", ["Searchable"] = false, ["Presentation"] = "Anonymous", ["CvId"] = id,
                ["EmployerSections"] = "*", ["NextInactivityTicks"] = long.MaxValue,
            }),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("all", id + "|~current")
            {
                ["Interval"] = FloorState[..Math.Min(FloorState.Length, 400)], ["Audience"] = "Hidden", ["From"] = DateTimeOffset.UtcNow,
            }),
        ]);
        if (i % FloorPage == 0)
        {
            // The page's one look for erasures beside its first decisions (ADR 0040): a range of the time marks.
            await foreach (var _ in tombstones.QueryAsync<TableEntity>($"PartitionKey eq 'all' and RowKey ge 'at|{DateTimeOffset.UtcNow.AddSeconds(-5).UtcTicks:D19}' and RowKey lt 'at}}'", select: ["RowKey", "ErasedAt"]))
            {
            }
        }
        return true;
    }

    /// <summary>CVs per page of changes in the floor: the pump sends pages of up to 250 every 2 s, about 100 at this rate.</summary>
    private const int FloorPage = 100;

    /// <summary>A state row's JSON of about the size the hub writes (the bench prints both, to keep it honest; 679 characters on 2026-12-05, with the CV's commit time of ADR 0040's last amendment).</summary>
    private static readonly string FloorState = "{\"state\":\"" + new string('s', 665) + "\"}";

    private static async Task<double> MeanStateBytesAsync(TableClient hubStates)
    {
        var (n, total) = (0, 0L);
        await foreach (var row in hubStates.QueryAsync<TableEntity>("PartitionKey eq 'nav'", maxPerPage: 200, select: ["State"]))
        {
            if (row.GetString("State") is { } state)
            {
                (n, total) = (n + 1, total + state.Length);
            }
            if (n == 200)
            {
                break;
            }
        }
        return n == 0 ? 0 : (double)total / n;
    }

    private static async Task IntakeCalls(BlobContainerClient blobs, TableClient table, byte[][] corpus, string partition, string id, int i)
    {
        var document = corpus[i % corpus.Length];
        // No read of the external id: the hub commits a CV without a version claim as new while that pays (ADR 0063).
        await blobs.GetBlobClient($"{id}/v000001.json").UploadAsync(new BinaryData(document), overwrite: true);
        TableEntity Row(string key) => new(partition, key) { ["DocumentName"] = $"{id}/v000001.json", ["Version"] = 1, ["CitizenId"] = id, ["ContentHash"] = new string('a', 64) };
        await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, Row("ext|" + id)),
            new TableTransactionAction(TableTransactionActionType.Add, Row("cv|" + id)),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row("chg|" + id)),
        ]);
    }

    internal static async Task<bool> Post(HttpClient http, byte[][] corpus, int i)
    {
        var content = new ByteArrayContent(corpus[i % corpus.Length]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("api/cvs", content);
        return response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK;
    }
}
