using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using IntegrationHub.Functions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Bench;

/// <summary>
/// ./hub bench breach --counts: what telemetry the run makes per letter. Spans: every activity started in the process
/// (this listener never asks for one, so it neither adds nor samples any), split into recorded (kept by the sampler) and
/// not recorded. Metric measurements: every measurement of every instrument the hub's meter provider listens to.
/// Log records: those that pass the host's filters (this provider is one more provider under the same rules).
/// The fake registry runs in this process, so its ASP.NET Core server spans and metrics are counted too (named apart).
/// </summary>
internal sealed class TelemetryCounts : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public TelemetryCounts()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            // Never create an activity that would not exist without this listener.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStarted = a => Count(Spans, $"{a.Source.Name} {a.OperationName}{(a.Recorded ? "" : " (not recorded)")}"),
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            // The meters the hub's meter provider takes (HubTelemetryServiceCollectionExtensions: the hub's, the boards',
            // Polly's, and those the ASP.NET Core and HttpClient instrumentation add).
            // The instruments the hub's views drop are left out: only this listener would measure them (ADR 0053).
            InstrumentPublished = (instrument, listener) =>
            {
                if (MeasuredMeters.Contains(instrument.Meter.Name)
                    && !(instrument.Meter.Name == "System.Net.Http" && HubTelemetryServiceCollectionExtensions.DroppedHttpClientInstruments.Contains(instrument.Name)))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((i, _, _, _) => Measured(i));
        _meters.SetMeasurementEventCallback<int>((i, _, _, _) => Measured(i));
        _meters.SetMeasurementEventCallback<double>((i, _, _, _) => Measured(i));
        _meters.Start();
    }

    public ConcurrentDictionary<string, long> Spans { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> Measurements { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> Logs { get; } = new(StringComparer.Ordinal);

    public bool On { get; set; }

    /// <summary>A logger provider that counts the records reaching it, by category and level.</summary>
    public ILoggerProvider LoggerProvider() => new Provider(this);

    public void Print(int letters)
    {
        foreach (var (title, counts) in new[] { ("spans started", Spans), ("metric measurements", Measurements), ("log records", Logs) })
        {
            Console.WriteLine();
            Console.WriteLine($"| {title} per letter | per letter | total |");
            Console.WriteLine("|---|---|---|");
            foreach (var (name, count) in counts.OrderByDescending(p => p.Value).Take(20))
            {
                Console.WriteLine($"| {name} | {(double)count / letters:F2} | {count} |");
            }
            Console.WriteLine($"| all | {(double)counts.Values.Sum() / letters:F2} | {counts.Values.Sum()} |");
        }
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private static readonly HashSet<string> MeasuredMeters = new(StringComparer.Ordinal)
    {
        Core.Telemetry.HubMetrics.MeterName, Core.JobAds.BoardSignals.MeterName, "Polly",
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.RateLimiting", "System.Net.Http", "System.Net.NameResolution",
    };

    private void Measured(Instrument instrument) => Count(Measurements, $"{instrument.Meter.Name} {instrument.Name}");

    private void Count(ConcurrentDictionary<string, long> counts, string key)
    {
        if (On)
        {
            counts.AddOrUpdate(key, 1, static (_, c) => c + 1);
        }
    }

    private sealed class Provider(TelemetryCounts counts) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Counter(counts, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Counter(TelemetryCounts counts, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            counts.Count(counts.Logs, $"{category} {logLevel}");
    }
}
