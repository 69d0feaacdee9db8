using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using IntegrationHub.IntegrationTests.Breach;

namespace IntegrationHub.Bench;

/// <summary>
/// The fake registry endpoint of ./hub bench breach in a process of its own, as a registry is in production: the hub's
/// process then pays for its own side of each call only, and the floor's POSTs reach the very same process. With the fake
/// inside the hub's process, its Kestrel and the hub's OpenTelemetry (which listens process-wide) added a server span and
/// its metrics to every letter of the hub's phase, and nothing to the floor's, which ran after the hub had stopped.
/// </summary>
/// <remarks>
/// The child is this program started with <c>fake-registry</c>. It prints <c>address {url}</c> once, then answers each
/// <c>stats</c> line on its standard input with one line (requests, distinct keys, repeats, ticks of the last 201) and
/// ends when its standard input closes.
/// </remarks>
internal sealed class RegistryProcess : IAsyncDisposable
{
    public const string Command = "fake-registry";

    private readonly Process _process;

    private RegistryProcess(Process process, string baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public string BaseAddress { get; }

    /// <summary>The child's process id, for its CPU time (<see cref="CpuMeter"/>).</summary>
    public int ProcessId => _process.Id;

    public sealed record Stats(long Requests, int Distinct, long Duplicates, DateTimeOffset? LastDeliveredAt);

    /// <summary>The child's side: runs the fake until standard input closes.</summary>
    public static async Task<int> RunChildAsync()
    {
        await using var fake = await FakeRegistryDelivery.StartAsync(keepLetters: false);
        Console.Out.WriteLine("address " + fake.BaseAddress);
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line == "stats")
            {
                var last = fake.LastDeliveredAt?.UtcTicks ?? 0;
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fake.Requests} {fake.Delivered.Count} {fake.Duplicates} {last}"));
                Console.Out.Flush();
            }
        }
        return 0;
    }

    public static async Task<RegistryProcess> StartAsync()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Started as "dotnet IntegrationHub.Bench.dll" or as its apphost.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        start.ArgumentList.Add(Command);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The fake registry process did not start.");
        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (first is null || !first.StartsWith("address ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"The fake registry process answered '{first}' instead of its address.");
        }
        return new RegistryProcess(process, first["address ".Length..]);
    }

    /// <summary>The hub settings that point the registry's deliveries at the child.</summary>
    public Dictionary<string, string?> Settings(string registry) => FakeRegistryDelivery.SettingsAt(BaseAddress, registry);

    public async Task<Stats> ReadStatsAsync()
    {
        await _process.StandardInput.WriteLineAsync("stats");
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("The fake registry process ended.");
        var parts = line.Split(' ');
        var ticks = long.Parse(parts[3], CultureInfo.InvariantCulture);
        return new Stats(long.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture), ticks > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null);
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(exit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}
