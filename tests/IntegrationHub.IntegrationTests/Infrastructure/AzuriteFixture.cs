using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// A real Azurite for the test run: blob, queue and table as three processes on free ports (queue on disk in a
/// temporary folder, blob and table in memory), as ARCHITECTURE.md recommends. Installed by `npm ci` (./hub test does it).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly List<Process> _processes = [];
    private string? _queueFolder;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var bin = RepoPaths.Combine("node_modules", ".bin");
        if (!File.Exists(Path.Combine(bin, "azurite-queue")))
        {
            throw new InvalidOperationException("Azurite is not installed: run `npm ci` in the repository root (./hub test does this).");
        }
        _queueFolder = Directory.CreateTempSubdirectory("hub-test-azurite-queue-").FullName;
        var blobPort = FreePort();
        var queuePort = FreePort();
        var tablePort = FreePort();
        Start(Path.Combine(bin, "azurite-blob"), $"--blobHost 127.0.0.1 --blobPort {blobPort} --inMemoryPersistence --skipApiVersionCheck --loose --silent");
        Start(Path.Combine(bin, "azurite-queue"), $"--queueHost 127.0.0.1 --queuePort {queuePort} --location {_queueFolder} --skipApiVersionCheck --loose --silent");
        Start(Path.Combine(bin, "azurite-table"), $"--tableHost 127.0.0.1 --tablePort {tablePort} --inMemoryPersistence --skipApiVersionCheck --loose --silent");
        await WaitForPort(blobPort);
        await WaitForPort(queuePort);
        await WaitForPort(tablePort);
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public Task DisposeAsync()
    {
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
        if (_queueFolder is not null)
        {
            try
            {
                Directory.Delete(_queueFolder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>A storage resource prefix unique to one test class (or test).</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPort(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
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
        throw new TimeoutException($"Azurite did not listen on port {port} within 30 s.");
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
