using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IntegrationHub.DevHost;

/// <summary>
/// Azurite from the repository's node_modules, as four processes on free loopback ports: blob and table in memory,
/// the queue service on disk in a temporary folder (ARCHITECTURE.md: in-memory queues freeze under load), and a second
/// table service in memory for the search index's own account (ADR 0013). Used by the integration tests and the
/// benchmarks.
/// </summary>
public sealed class LocalAzurite : IAsyncDisposable
{
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly List<Process> _processes = [];
    private readonly List<int> _attachedIds = [];
    private readonly string _queueFolder;

    private LocalAzurite(string queueFolder) => _queueFolder = queueFolder;

    public string ConnectionString { get; private set; } = "";

    /// <summary>The search index's account ("SearchStorage"): the same development account on its own table process.</summary>
    public string SearchConnectionString { get; private set; } = "";

    /// <summary>The hub's two storage connections, as configuration.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = ConnectionString,
        ["SearchStorage"] = SearchConnectionString,
    };

    /// <summary>The Azurite processes (blob, queue, table, search table), for measuring their CPU.</summary>
    public IReadOnlyList<int> ProcessIds => [.. _processes.Select(p => p.Id), .. _attachedIds];

    /// <summary>
    /// An Azurite someone else started and keeps running, on loopback ports "blob,queue,table,searchtable" (a benchmark run against
    /// a store loaded once, while its author iterates on the hub); disposing it leaves it running.
    /// </summary>
    public static LocalAzurite Attach(string ports, IReadOnlyList<int> processIds)
    {
        var parts = ports.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 4 || !parts.All(p => int.TryParse(p, out _)))
        {
            throw new ArgumentException($"Expected the ports as \"blob,queue,table,searchtable\", got \"{ports}\".", nameof(ports));
        }
        var azurite = new LocalAzurite(queueFolder: "");
        azurite._attachedIds.AddRange(processIds);
        azurite.ConnectionString = Connection(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
        azurite.SearchConnectionString = SearchConnection(int.Parse(parts[3]));
        return azurite;
    }

    private static string SearchConnection(int table) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";

    private static string Connection(int blob, int queue, int table) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";

    public static async Task<LocalAzurite> StartAsync(string repositoryRoot)
    {
        var bin = Path.Combine(repositoryRoot, "node_modules", ".bin");
        if (!File.Exists(Path.Combine(bin, "azurite-queue")))
        {
            throw new InvalidOperationException("Azurite is not installed: run `npm ci` in the repository root (./hub test and ./hub bench do this).");
        }
        var azurite = new LocalAzurite(Directory.CreateTempSubdirectory("hub-azurite-queue-").FullName);
        try
        {
            var (blob, queue, table, search) = (FreePort(), FreePort(), FreePort(), FreePort());
            // --disableTelemetry: Azurite collects telemetry unless told not to (node_modules/azurite/README.md, "Disable
            // Telemetry Collection"); its exporter cost 5-8 % of the table process's CPU under the intake bench and most of
            // an idle process's (branch hiprof), and a test run has nothing to report to anyone.
            azurite.Start(Path.Combine(bin, "azurite-blob"), $"--blobHost 127.0.0.1 --blobPort {blob} --inMemoryPersistence --skipApiVersionCheck --loose --silent --disableTelemetry");
            azurite.Start(Path.Combine(bin, "azurite-queue"), $"--queueHost 127.0.0.1 --queuePort {queue} --location {azurite._queueFolder} --skipApiVersionCheck --loose --silent --disableTelemetry");
            azurite.StartTable(Path.Combine(bin, "azurite-table"), $"--tableHost 127.0.0.1 --tablePort {table} --inMemoryPersistence --skipApiVersionCheck --loose --silent --disableTelemetry");
            azurite.StartTable(Path.Combine(bin, "azurite-table"), $"--tableHost 127.0.0.1 --tablePort {search} --inMemoryPersistence --skipApiVersionCheck --loose --silent --disableTelemetry");
            await WaitForPort(blob);
            await WaitForPort(queue);
            await WaitForPort(table);
            await WaitForPort(search);
            azurite.ConnectionString = Connection(blob, queue, table);
            azurite.SearchConnectionString = SearchConnection(search);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Freezes every Azurite process (SIGSTOP): connections are accepted by the kernel and never answered, as storage
    /// that is away. A restart instead would lose the in-memory blob and table data. <see cref="Resume"/> continues them.
    /// </summary>
    public void Pause()
    {
        _paused = true;
        Signal("STOP");
    }

    public void Resume()
    {
        Signal("CONT");
        _paused = false;
    }

    private bool _paused;

    private void Signal(string signal)
    {
        foreach (var id in ProcessIds)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {id}") { UseShellExecute = false })
                ?? throw new InvalidOperationException("Could not run kill.");
            kill.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        // A paused process still dies on SIGKILL, but continue it first so nothing is left stopped.
        if (_paused)
        {
            Resume();
        }
        // A profiled process writes its profile only when it exits by itself: SIGINT, which the preload turns into an exit.
        foreach (var process in _profiled)
        {
            try
            {
                using var kill = Process.Start(new ProcessStartInfo("kill", $"-INT {process.Id}") { UseShellExecute = false });
                kill?.WaitForExit();
                process.WaitForExit(15_000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
        foreach (var process in _processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            process.Dispose();
        }
        try
        {
            if (_queueFolder.Length > 0)
            {
                Directory.Delete(_queueFolder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temporary folder; the OS cleans it eventually.
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Where the table processes write V8 CPU profiles, when set (issue 18, branch hiprof): Azurite runs every table query
    /// as a scan in JavaScript, so where its one thread goes is a question of the hub's request shapes. Summarise a
    /// profile with tools/cpuprofile-shares.mjs; the benches print each phase's window in the profile's clock.
    /// </summary>
    public const string CpuProfileVariable = "HUB_AZURITE_CPU_PROFILE";

    private readonly List<Process> _profiled = [];

    /// <summary>A table process; under node's CPU profiler when <see cref="CpuProfileVariable"/> names a folder.</summary>
    private void StartTable(string script, string arguments)
    {
        if (Environment.GetEnvironmentVariable(CpuProfileVariable) is not { Length: > 0 } folder)
        {
            Start(script, arguments);
            return;
        }
        Directory.CreateDirectory(folder);
        // Azurite's own SIGINT handler closes the server but leaves the process running; node writes the profile on exit.
        var preload = Path.Combine(folder, "exit-on-sigint.cjs");
        File.WriteAllText(preload, "process.once('SIGINT', () => setTimeout(() => process.exit(0), 1000));\n");
        Start("node", $"--cpu-prof --cpu-prof-dir \"{folder}\" --require \"{preload}\" \"{script}\" {arguments}");
        _profiled.Add(_processes[^1]);
    }

    private void Start(string file, string arguments)
    {
        var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>How long a port may take to open: node starting three Azurite processes on a busy two-core machine took over 30 s once.</summary>
    private const int StartSeconds = 90;

    private static async Task WaitForPort(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(StartSeconds);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Azurite did not listen on port {port} within {StartSeconds} s.");
    }
}
