using System.Diagnostics;
using IntegrationHub.Core.Callers;
using IntegrationHub.DevHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IntegrationHub.Bench;

/// <summary>
/// ./hub bench intake --telemetry (issue 17): CV intake through the dev host with telemetry on (sampling ratio 1.0, the
/// worst case, every span, metric and log record handed to an exporter that drops it) against off, in interleaved
/// quarters of one run (off, on, off, on), each on a freshly started host over the same Azurite. One host at a time:
/// the SDK's listeners are process-wide, so an "off" host beside an "on" one would be traced too.
/// </summary>
internal static class IntakeTelemetryBenchmark
{
    public static async Task<int> RunAsync(string root, int seconds, int concurrency)
    {
        Console.Error.WriteLine($"intake telemetry benchmark: 4 x {Math.Max(1, seconds / 4)} s (off, on, off, on), {concurrency} concurrent senders; starting Azurite");
        await using var azurite = await LocalAzurite.StartAsync(root);
        var quarter = TimeSpan.FromSeconds(Math.Max(1, seconds / 4));
        var results = new List<(bool On, LoadRun.Result Result)>();
        var seed = 42;
        var requests = new List<(bool On, Storage.Common.StorageRequestCounts Counts)>();
        foreach (var on in new[] { false, true, false, true })
        {
            // Every quarter posts CVs no quarter posted before (its own seed, so its own externalIds): a repeat would take
            // the "unchanged" path, which is about twice as fast and made the first recorded ratio (1.47) meaningless.
            var corpus = CvCorpus.Build(root, 20_000, seed++);
            var settings = new Dictionary<string, string?>
            {
                ["Hub:Telemetry:Enabled"] = on ? "true" : "false",
                ["Hub:Telemetry:SamplingRatio"] = "1.0",
                ["Logging:LogLevel:Default"] = "Information",
                // Records at Information reach the OpenTelemetry logger (the worst case); the console prints warnings only.
                ["Logging:Console:LogLevel:Default"] = "Warning",
            };
            await using var host = await BenchHost.StartAsync(azurite, settings, services =>
            {
                if (on)
                {
                    services.ConfigureOpenTelemetryTracerProvider(b => b.AddProcessor(new BatchActivityExportProcessor(new Dropping<Activity>())));
                    services.ConfigureOpenTelemetryMeterProvider(b => b.AddReader(new PeriodicExportingMetricReader(new Dropping<Metric>(), 10_000)));
                    services.ConfigureOpenTelemetryLoggerProvider(b => b.AddProcessor(new BatchLogRecordExportProcessor(new Dropping<LogRecord>())));
                }
            });
            using var http = host.Client(BenchHost.RegistryClient, HubRoles.CvSubmit, concurrency);
            // The warm-up takes CVs from the corpus's end, the measured quarter from its start.
            await LoadRun.RunAsync("warm-up", TimeSpan.FromSeconds(1), concurrency, i => IntakeBenchmark.Post(http, corpus, corpus.Length - 1 - i));
            var before = StorageCost.Read(host);
            var result = await LoadRun.RunAsync(on ? "telemetry on" : "telemetry off", quarter, concurrency, i => IntakeBenchmark.Post(http, corpus, i));
            requests.Add((on, StorageCost.Read(host) - before));
            if (result.Operations >= corpus.Length / 2)
            {
                Console.Error.WriteLine($"warning: quarter {results.Count + 1} posted {result.Operations} CVs, over half the corpus; later ones may repeat the warm-up's");
            }
            results.Add((on, result));
        }

        Console.WriteLine();
        Console.WriteLine("| quarter | telemetry | operations | errors | per second | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        for (var i = 0; i < results.Count; i++)
        {
            var (on, r) = results[i];
            Console.WriteLine($"| {i + 1} | {(on ? "on (ratio 1.0)" : "off")} | {r.Operations} | {r.Errors} | {r.PerSecond:F0} | {r.Percentile(50):F1} | {r.Percentile(99):F1} |");
        }
        double Rate(bool on) => results.Where(r => r.On == on).Sum(r => r.Result.Operations) / results.Where(r => r.On == on).Sum(r => r.Result.Elapsed.TotalSeconds);
        Console.WriteLine();
        Console.WriteLine($"ratio on / off: {Rate(true) / Rate(false):F2} (target at least 0.9)");
        // During the quarters (intake and what downstream work ran meanwhile): telemetry must not add storage calls.
        Storage.Common.StorageRequestCounts Sum(bool on) => requests.Where(r => r.On == on).Aggregate(Storage.Common.StorageRequestCounts.None, (a, r) => a + r.Counts);
        StorageCost.Print("CV", ("telemetry on", Sum(true), results.Where(r => r.On).Sum(r => r.Result.Operations)),
            ("telemetry off (its floor)", Sum(false), results.Where(r => !r.On).Sum(r => r.Result.Operations)));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        return results.Sum(r => r.Result.Errors) == 0 ? 0 : 1;
    }

    /// <summary>An exporter that takes everything and keeps nothing: the SDK's work is measured, not a network's.</summary>
    private sealed class Dropping<T> : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
    }
}
