using System.Globalization;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Bench;

/// <summary>
/// Issue 18: storage requests per operation, counted by the hub's own policy (StorageRequestCounter), for the hub and its
/// floor side by side, and what they cost at Azure's per-10,000-transaction prices.
/// </summary>
internal static class StorageCost
{
    /// <summary>The bench host and every floor's HubStorage count their requests.</summary>
    public const string Setting = "Hub:Storage:CountRequests";

    // Prices in USD per 10,000 transactions, standard general-purpose v2, LRS, hot tier. ASSUMED: Microsoft's price pages
    // (azure.microsoft.com/pricing/details/storage/{tables,queues,blobs}/) were not among the pages the search tool holds
    // (searched 2026-12-05). Replace these four with the page's figures for the region the hub runs in. What is billed is
    // documented: every authenticated request, failed ones too, and Delete Blob is free on GPv2
    // (learn.microsoft.com/azure/storage/blobs/map-rest-apis-transaction-categories, read 2026-12-05).
    private const double TablePer10K = 0.00036;
    private const double QueuePer10K = 0.004;
    private const double BlobWritePer10K = 0.05;
    private const double BlobReadPer10K = 0.004;

    public static StorageRequestCounts Read(BenchHost host) => Read(host.App.Services.GetRequiredService<HubStorage>());

    /// <summary>The counts so far, each call keyed "{function} | {call}" (the function whose invocation made it, or "host").</summary>
    public static StorageRequestCounts Read(HubStorage storage) =>
        storage.Requests?.ByFunction.Snapshot() ?? throw new InvalidOperationException($"{Setting} is off for this storage client.");

    private const string FunctionSeparator = " | ";

    private static (string Function, string Call) Split(string key)
    {
        var at = key.IndexOf(FunctionSeparator, StringComparison.Ordinal);
        return at < 0 ? ("host", key) : (key[..at], key[(at + FunctionSeparator.Length)..]);
    }

    /// <summary>Prints one table: per side, its storage requests per <paramref name="unit"/> by service, and their cost.</summary>
    public static void Print(string unit, params (string Side, StorageRequestCounts Counts, long Operations)[] sides)
    {
        Console.WriteLine();
        Console.WriteLine($"| storage requests per {unit} | {unit}s | requests/{unit} | blob | queue | table | USD per million {unit}s (assumed prices) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (side, counts, operations) in sides)
        {
            var n = Math.Max(1, operations);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {side} | {operations} | {(double)counts.Total / n:F2} | {(double)counts.Blob / n:F2} | {(double)counts.Queue / n:F2} | {(double)counts.Table / n:F2} | {Usd(counts) / n * 1_000_000:F2} |"));
        }
        Console.WriteLine($"prices per 10,000 transactions (assumed, see tools/IntegrationHub.Bench/StorageCost.cs): table {TablePer10K}, queue {QueuePer10K}, blob write {BlobWritePer10K}, blob read {BlobReadPer10K} USD; a $batch or a 32-message receive is one transaction");
        // The calls behind the first side (the hub), most frequent first, so docs/capacity.md can list them; then the same
        // per function (the HTTP call, each queue or timer function, "host" for listeners' receives and leases).
        if (sides.Length > 0)
        {
            var (side, counts, operations) = sides[0];
            var n = (double)Math.Max(1, operations);
            var calls = counts.Calls.Select(c => (Parts: Split(c.Key), Count: c.Value)).ToList();
            Console.Error.WriteLine($"  calls of '{side}' per {unit}: " + string.Join("; ",
                calls.GroupBy(c => c.Parts.Call, StringComparer.Ordinal).Select(g => (Call: g.Key, Count: g.Sum(c => c.Count)))
                    .OrderByDescending(c => c.Count).Take(16).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Count / n:F2} {c.Call}"))));
            foreach (var function in calls.GroupBy(c => c.Parts.Function, StringComparer.Ordinal).OrderByDescending(g => g.Sum(c => c.Count)))
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {function.Key}: {function.Sum(c => c.Count) / n:F2} per {unit}: ")
                    + string.Join("; ", function.OrderByDescending(c => c.Count).Take(12)
                        .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Count / n:F2} {c.Parts.Call}"))));
            }
        }
    }

    private static double Usd(StorageRequestCounts counts)
    {
        double blobWrites = 0, blobReads = 0;
        foreach (var (call, n) in counts.Calls.Select(c => (Split(c.Key).Call, c.Value)).Where(c => c.Call.StartsWith("Blob ", StringComparison.Ordinal)))
        {
            if (call.StartsWith("Blob DELETE", StringComparison.Ordinal))
            {
                continue; // free on GPv2
            }
            if (call.StartsWith("Blob GET", StringComparison.Ordinal) || call.StartsWith("Blob HEAD", StringComparison.Ordinal))
            {
                blobReads += n;
            }
            else
            {
                blobWrites += n;
            }
        }
        return (counts.Table * TablePer10K + counts.Queue * QueuePer10K + blobWrites * BlobWritePer10K + blobReads * BlobReadPer10K) / 10_000;
    }
}
