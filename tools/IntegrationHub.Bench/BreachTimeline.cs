using System.Diagnostics;
using System.Diagnostics.Metrics;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Telemetry;

namespace IntegrationHub.Bench;

/// <summary>
/// ./hub bench breach: the fan-out second by second (issue 18), from what the process already counts, with no storage
/// read of its own: letters delivered (the <see cref="HubMetrics.BreachLetters"/> counter, added per page) and pages in
/// flight (enqueued minus done, <see cref="BreachPageFlow"/>). A second with no letter while the campaign runs is an idle
/// gap: the pages waited for the planner.
/// </summary>
internal sealed class BreachTimeline : IAsyncDisposable
{
    private readonly MeterListener _letters = new();
    private readonly BreachPageFlow _flow;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(int Second, long Letters, long InFlight, long Done)> _seconds = [];
    private readonly Task _sampling;
    private long _delivered;

    public BreachTimeline(BreachPageFlow flow)
    {
        _flow = flow;
        _letters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name == HubMetrics.BreachLetters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _letters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "outcome", Value: "delivered" })
                {
                    Interlocked.Add(ref _delivered, value);
                }
            }
        });
        _letters.Start();
        _sampling = SampleAsync(_stop.Token);
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var last = 0L;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var delivered = Interlocked.Read(ref _delivered);
                var done = _flow.Done;
                _seconds.Add(((int)Math.Round(clock.Elapsed.TotalSeconds), delivered - last, _flow.Enqueued - done, done));
                last = delivered;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// One line per second, then the idle seconds between the first and the last letter: with no letter delivered
    /// (letters are counted per page, so a slow page also makes one), and ending with no page in flight (a planner gap).
    /// </summary>
    public void Print()
    {
        var end = _seconds.FindLastIndex(s => s.Letters > 0);
        Console.WriteLine();
        Console.WriteLine("fan-out per second (s: letters delivered, pages in flight at the end of the second):");
        Console.WriteLine(string.Join(" ", _seconds.Take(end + 1).Select(s => $"{s.Second}:{s.Letters}/{s.InFlight}")));
        var idle = _seconds.Take(end + 1).SkipWhile(s => s.Letters == 0).Count(s => s.Letters == 0);
        // The last second ends with nothing in flight because the campaign is done: not a gap.
        var empty = _seconds.Take(end).SkipWhile(s => s.Letters == 0).Count(s => s.InFlight == 0);
        Console.WriteLine($"idle seconds between the first and the last letter: {idle} with no letter, {empty} ending with no page in flight, of {Math.Max(0, end + 1)}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _letters.Dispose();
        _stop.Dispose();
    }
}
