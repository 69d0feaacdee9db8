using System.Diagnostics;
using System.Globalization;

namespace IntegrationHub.Bench;

/// <summary>CPU time used by this process and by the Azurite processes (Linux /proc), to show where a phase spends the machine.</summary>
internal sealed class CpuMeter(IReadOnlyList<int> azuriteProcessIds)
{
    public (TimeSpan Hub, TimeSpan Azurite) Read()
    {
        var azurite = TimeSpan.Zero;
        foreach (var pid in azuriteProcessIds)
        {
            azurite += ProcessTreeCpu(pid);
        }
        return (Process.GetCurrentProcess().TotalProcessorTime, azurite);
    }

    /// <summary>CPU of each Azurite process (blob, queue, table), in the order they were given.</summary>
    public IReadOnlyList<TimeSpan> ReadEach() => [.. azuriteProcessIds.Select(ProcessTreeCpu)];

    /// <summary>CPU of a process and its children (the .bin scripts start node as a child).</summary>
    public static TimeSpan ProcessTreeCpu(int pid)
    {
        var total = TimeSpan.Zero;
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return total;
        }
        var fields = File.ReadAllText(stat).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After "pid (comm)": state=0 ... utime=11 stime=12 cutime=13 cstime=14 (clock ticks, 100 per second).
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        total += TimeSpan.FromMilliseconds(ticks * 10);
        foreach (var child in Children(pid))
        {
            total += ProcessTreeCpu(child);
        }
        return total;
    }

    private static IEnumerable<int> Children(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        return File.Exists(path)
            ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture))
            : [];
    }
}
