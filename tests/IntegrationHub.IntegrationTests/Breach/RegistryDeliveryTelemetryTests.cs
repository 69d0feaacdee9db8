using System.Collections.Concurrent;
using System.Diagnostics;
using IntegrationHub.Boards;
using IntegrationHub.Boards.Breach;
using IntegrationHub.Core.Breach;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IntegrationHub.IntegrationTests.Breach;

/// <summary>
/// What one breach letter costs in telemetry (ADR 0053), with the hub's own wiring (AddHubTelemetry and
/// AddHubRegistryDelivery) against the fake registry on loopback: the letter is delivered and still makes its attempt's
/// span and its http.client.request.duration measurement; the two System.Net.Http up-down counters are not exported; the
/// registry client writes no log records (IHttpClientFactory's request logging is removed), even at Trace.
/// </summary>
public sealed class RegistryDeliveryTelemetryTests : IAsyncLifetime
{
    private FakeRegistryDelivery _registry = null!;

    public async Task InitializeAsync() => _registry = await FakeRegistryDelivery.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task DeliverAsync_WithTheHubsTelemetry_KeepsSpanAndDuration_DropsUpDownCounters_AndLogsNothing()
    {
        // Arrange
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var logs = new CountingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_registry.Settings("nav")).Build();
        var environment = new HostingEnvironment { EnvironmentName = Environments.Development };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // Development: the fake's plain http endpoint is allowed (BreachDeliveryOptionsValidator), and the sampling ratio is 1.0.
        services.AddSingleton<IHostEnvironment>(environment);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddHubTelemetry(configuration, environment,
            builder => builder.WithTracing(t => t.AddInMemoryExporter(spans)).WithMetrics(m => m.AddInMemoryExporter(metrics)));
        services.AddHubRegistryDelivery();
        await using var provider = services.BuildServiceProvider();
        var tracer = provider.GetRequiredService<TracerProvider>();
        var meter = provider.GetRequiredService<MeterProvider>();
        var delivery = provider.GetRequiredService<IRegistryDelivery>();
        var campaignId = "telemetry" + Guid.NewGuid().ToString("N")[..8];
        var request = new RegistryDeliveryRequest
        {
            CampaignId = campaignId, CitizenId = "c1", IdempotencyKey = RegistryDeliveryRequest.KeyOf(campaignId, "c1"), Channel = BreachChannels.Secure,
            PreferredChannels = [], Language = "en", Subject = "About your CV", Body = "Your CV was shown.",
        };

        // Act
        var outcome = await delivery.DeliverAsync("nav", request, CancellationToken.None);
        tracer.ForceFlush();
        meter.ForceFlush();
        // The providers listen process-wide, so other tests' HTTP calls keep adding spans from their threads: stop
        // listening, then read copies (enumerating the live lists failed once with "Collection was modified").
        tracer.Dispose();
        var spansSeen = ExportedTelemetry.Snapshot(spans);
        var names = ExportedTelemetry.Snapshot(metrics).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

        // Assert
        Assert.Equal(RegistryDeliveryKind.Delivered, outcome.Kind);
        Assert.Contains(request.IdempotencyKey, _registry.Delivered.Keys);
        Assert.Contains(spansSeen, s => s.Kind == ActivityKind.Client && s.GetTagItem("url.full")?.ToString()?.Contains("/nav/deliveries", StringComparison.Ordinal) == true);
        Assert.Contains("http.client.request.duration", names);
        foreach (var dropped in HubTelemetryServiceCollectionExtensions.DroppedHttpClientInstruments)
        {
            Assert.DoesNotContain(dropped, names);
        }
        Assert.DoesNotContain(logs.Categories.Keys, c => c.StartsWith("System.Net.Http.HttpClient." + RegistryDeliveryClient.ClientName, StringComparison.Ordinal));
    }

    private sealed class CountingLoggerProvider : ILoggerProvider
    {
        public ConcurrentDictionary<string, int> Categories { get; } = new(StringComparer.Ordinal);

        public ILogger CreateLogger(string categoryName) => new Counter(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Counter(CountingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Categories.AddOrUpdate(category, 1, static (_, n) => n + 1);
        }
    }
}
