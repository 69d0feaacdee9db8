using System.Diagnostics;

namespace IntegrationHub.Bench;

/// <summary>Runs an operation from N concurrent workers for a fixed time and collects latencies.</summary>
internal static class LoadRun
{
    public sealed record Result(string Name, int Operations, int Errors, TimeSpan Elapsed, double[] LatenciesMs)
    {
        /// <summary>CPU per operation: this process (hub and load generator), and Azurite.</summary>
        public (double HubMs, double AzuriteMs) CpuPerOperation { get; set; }

        public double PerSecond => Operations / Elapsed.TotalSeconds;

        public double Percentile(double p)
        {
            if (LatenciesMs.Length == 0)
            {
                return double.NaN;
            }
            var index = (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1;
            return LatenciesMs[Math.Clamp(index, 0, LatenciesMs.Length - 1)];
        }
    }

    public static Task<Result> RunAsync(string name, TimeSpan duration, int concurrency, Func<int, Task<bool>> operation) =>
        RunAsync(name, duration, concurrency, (_, i) => operation(i));

    /// <summary>As above; the operation also gets the number of the worker that runs it (0 to concurrency - 1).</summary>
    public static async Task<Result> RunAsync(string name, TimeSpan duration, int concurrency, Func<int, int, Task<bool>> operation)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        var progress = Task.Run(async () =>
        {
            while (stopwatch.Elapsed < duration)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                var done = latencies.Sum(l => l?.Count ?? 0);
                Console.Error.WriteLine($"  {name}: {stopwatch.Elapsed.TotalSeconds:F0}s, {done} done");
            }
        });
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(worker, Interlocked.Increment(ref next));
                }
                catch (Exception e) when (e is HttpRequestException or Azure.RequestFailedException or TaskCanceledException)
                {
                    ok = false;
                }
                if (ok)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var elapsed = stopwatch.Elapsed;
        await progress;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(name, all.Length, errors, elapsed, all);
    }
}
