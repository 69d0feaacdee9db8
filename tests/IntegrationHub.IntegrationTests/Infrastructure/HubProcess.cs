using System.Diagnostics;
using IntegrationHub.DevHost;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// One hub instance out of process: the dev host's own executable (built next to the tests), on a loopback port of its
/// own, configured through environment variables ("A__B" is "A:B", as the Functions host reads app settings). It can be
/// killed with SIGKILL (nothing released, nothing flushed) and started again on the same port.
/// </summary>
public sealed class HubProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _contentRoot;
    private readonly List<StreamWriter> _logs = [];
    private Process? _process;

    public HubProcess(IReadOnlyDictionary<string, string?> settings, string contentRoot)
    {
        _settings = settings;
        _contentRoot = contentRoot;
        Port = LocalAzurite.FreePort();
        LogFile = Path.Combine(contentRoot, $"devhost-{Port}.log");
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The instance's console output (every start appends).</summary>
    public string LogFile { get; }

    public bool IsRunning => _process is { HasExited: false };

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _contentRoot,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "IntegrationHub.DevHost.dll"), "--urls", $"http://127.0.0.1:{Port}", "--environment", "Development", "--contentRoot", _contentRoot })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the dev host.");
        var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        _logs.Add(log);
        // Output can still arrive after the process has exited (or after a kill); an exception here would end the test run.
        DataReceivedEventHandler write = (_, e) =>
        {
            lock (log)
            {
                try
                {
                    log.WriteLine(e.Data);
                }
                catch (ObjectDisposedException)
                {
                }
            }
        };
        process.OutputDataReceived += write;
        process.ErrorDataReceived += write;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // Ready when it answers health (a cold start of a .NET host on a busy two-core machine takes a while).
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var lastAnswer = "none";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The dev host on port {Port} exited with {process.ExitCode}.{LogTail()}");
            }
            try
            {
                using var answer = await client.GetAsync("api/health");
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
                lastAnswer = $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too slow to answer.
                lastAnswer = e.GetType().Name + ": " + e.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The dev host on port {Port} did not answer health within 120 s (last answer: {lastAnswer}).{LogTail()}");
    }

    /// <summary>
    /// The last lines of the instance's log, for a failed start: the log file lives in the test's content root, which
    /// is deleted when the test ends, so the message is the only place the cause survives.
    /// </summary>
    private string LogTail(int lines = 40)
    {
        var log = ReadLog(out var error);
        return log is null
            ? $" Its log {LogFile} could not be read: {error}"
            : $"{Environment.NewLine}Last lines of {LogFile}:{Environment.NewLine}{string.Join(Environment.NewLine, log.TakeLast(lines))}";
    }

    /// <summary>
    /// The log's warnings and errors (the console logger's "warn:", "fail:" and "crit:" entries, each with its message
    /// line), the last <paramref name="max"/> of them: what a failed test puts in its message, since the log's folder
    /// is deleted with the test.
    /// </summary>
    public IReadOnlyList<string> Problems(int max = 15)
    {
        var log = ReadLog(out var error);
        if (log is null)
        {
            return [$"(log {LogFile} not readable: {error})"];
        }
        var entries = new List<string>();
        for (var i = 0; i < log.Length; i++)
        {
            if (log[i].StartsWith("warn:", StringComparison.Ordinal) || log[i].StartsWith("fail:", StringComparison.Ordinal) || log[i].StartsWith("crit:", StringComparison.Ordinal))
            {
                entries.Add(i + 1 < log.Length ? $"{log[i].Trim()} {log[i + 1].Trim()}" : log[i].Trim());
            }
        }
        return entries.TakeLast(max).ToList();
    }

    private string[]? ReadLog(out string? error)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            error = null;
            return reader.ReadToEnd().Split('\n');
        }
        catch (IOException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>SIGKILL: the process gets no chance to release leases, finish requests or delete messages.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit(10_000);
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>A graceful stop (SIGTERM): leases released, hosted services stopped.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        foreach (var log in _logs)
        {
            lock (log)
            {
                log.Dispose();
            }
        }
    }
}
