using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>Runs a command line tool (dotnet, bash) to its end for a test; a non-zero exit fails the test with its output.</summary>
public static class ProcessRunner
{
    /// <returns>What the process wrote to stdout and stderr, interleaved as it arrived.</returns>
    public static string Run(string file, IReadOnlyList<string> arguments, string directory, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var command = $"{file} {string.Join(' ', arguments.Take(6))}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run '{command}': {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{command}' did not finish within {timeout}. Output so far:\n{output}");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"'{command}' exited {process.ExitCode}:\n{output}");
        return output.ToString();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
