using IntegrationHub.Bench;

var root = FindRoot();
var seconds = Option("--seconds", 20);
var concurrency = Option("--concurrency", 16);
switch (args.FirstOrDefault())
{
    case "intake" when args.Contains("--telemetry"):
        return await IntakeTelemetryBenchmark.RunAsync(root, seconds, concurrency);
    case "intake":
        return await IntakeBenchmark.RunAsync(root, seconds, concurrency);
    case "visibility":
        return await VisibilityBenchmark.RunAsync(root, seconds, concurrency, Option("--citizens", 20_000), Option("--batch", 20));
    case "jobads":
        return await JobAdsBenchmark.RunAsync(root, Option("--ads", 10_000), Option("--concurrency", 16));
    case "access":
        return await AccessBenchmark.RunAsync(root, seconds, concurrency, Option("--search-concurrency", 4), Option("--cvs", 30_000), Option("--viewable", 5_000));
    case RegistryProcess.Command:
        return await RegistryProcess.RunChildAsync();
    case "breach" when args.Contains("--steps"):
        return await BreachStepsBenchmark.RunAsync();
    case "breach":
        return await BreachBenchmark.RunAsync(root, Option("--citizens", 150_000), Option("--concurrency", 64), args.Contains("--counts"),
            Array.IndexOf(args, "--sampling") >= 0 ? Option("--sampling", 100) : null, args.Contains("--allocations"));
    case "retention":
        return await RetentionBenchmark.RunAsync(root, Option("--expired", 1_000_000), Option("--live", 100_000), Option("--cvs", 20_000), seconds,
            Option("--search-concurrency", 1), Option("--concurrency", 8));
    case "steps":
        return StepsBenchmark.Run(root, Option("--cvs", 2_000));
    default:
        Console.Error.WriteLine("usage: ./hub bench intake [--telemetry] [--seconds N] [--concurrency N] | ./hub bench visibility [--citizens N] [--batch N] [--seconds N] [--concurrency N] | ./hub bench jobads [--ads N] [--concurrency N] | ./hub bench access [--cvs N] [--viewable N] [--seconds N] [--concurrency N] [--search-concurrency N] | ./hub bench breach [--citizens N] [--concurrency N] [--counts] [--sampling PERCENT] [--steps] [--allocations] | ./hub bench retention [--expired N] [--live N] [--cvs N] [--seconds N] [--search-concurrency N] [--concurrency N] | ./hub bench steps [--cvs N]");
        return 2;
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) && value > 0 ? value : fallback;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "IntegrationHub.sln")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Run the benchmark from inside the repository.");
}
