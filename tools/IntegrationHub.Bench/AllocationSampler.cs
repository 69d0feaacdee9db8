using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace IntegrationHub.Bench;

/// <summary>
/// ./hub bench breach --allocations: where the process's bytes go, by type, without a profiler (issue 18: some 60 KB
/// allocated per letter against 5.2 KB in the hub's own steps). The runtime raises GCAllocationTick about once per
/// 100 KB allocated on a thread (Microsoft-Windows-DotNETRuntime, GC keyword at Verbose; learn.microsoft.com,
/// fundamentals/diagnostics/runtime-garbage-collection-events "GCAllocationTick_V4") naming the type of the object
/// that crossed the mark, so the ticks per type are a sample of the bytes per type. Also counted: bytes allocated in
/// all (GC.GetTotalAllocatedBytes) and collections per generation.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int GcKeyword = 0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private long _before = GC.GetTotalAllocatedBytes(precise: false);
    private int[] _collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
        {
            return;
        }
        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    /// <summary>Prints bytes per letter since the last print and the sampled types above 1% of the samples; starts over.</summary>
    public void Print(string what, int letters)
    {
        var total = GC.GetTotalAllocatedBytes(precise: false) - _before;
        var sampled = Math.Max(1, _bytes.Values.Sum());
        Console.WriteLine();
        Console.WriteLine($"allocated by {what}: {total / letters / 1024.0:F1} KB per letter in the process; collections gen0/1/2: " +
            $"{GC.CollectionCount(0) - _collections[0]}/{GC.CollectionCount(1) - _collections[1]}/{GC.CollectionCount(2) - _collections[2]}");
        Console.WriteLine("| type (GCAllocationTick samples) | share | KB per letter |");
        Console.WriteLine("|---|---|---|");
        foreach (var (type, bytes) in _bytes.OrderByDescending(b => b.Value).TakeWhile(b => b.Value * 100 >= sampled))
        {
            Console.WriteLine($"| `{type}` | {100.0 * bytes / sampled:F1}% | {(double)bytes / sampled * total / letters / 1024.0:F1} |");
        }
        _bytes.Clear();
        _before = GC.GetTotalAllocatedBytes(precise: false);
        _collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    }
}
