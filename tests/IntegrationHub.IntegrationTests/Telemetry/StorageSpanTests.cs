using System.Diagnostics;
using Azure.Data.Tables;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using OpenTelemetry.Trace;

namespace IntegrationHub.IntegrationTests.Telemetry;

/// <summary>
/// Issue 17: each storage call is one HTTP span, the Azure SDK's ("Azure.Core.Http"), not also HttpClient's for the same
/// request; an HTTP call that is not the SDK's (a board, a registry) keeps its HttpClient span. The hub's own telemetry
/// wiring (AddHubTelemetry) against Azurite, with an in-memory exporter.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class StorageSpanTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StorageCall_WithTheHubsTelemetry_IsOneSpanFromTheAzureSdk()
    {
        // Arrange
        var spans = new List<Activity>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:Telemetry:SamplingRatio"] = "1.0",
        }).Build();
        var services = new ServiceCollection();
        services.AddHubTelemetry(configuration, new HostingEnvironment { EnvironmentName = Environments.Development },
            builder => builder.WithTracing(t => t.AddInMemoryExporter(spans)));
        await using var provider = services.BuildServiceProvider();
        var tracer = provider.GetRequiredService<TracerProvider>();
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("spans" + Guid.NewGuid().ToString("N")[..8]);
        using var http = new HttpClient();

        // Act: one storage request under a parent span, and one plain HTTP request beside it.
        ActivityTraceId trace;
        using (var parent = new ActivitySource(Core.Telemetry.HubTelemetry.SourceName).StartActivity("test"))
        {
            trace = parent!.TraceId;
            await table.CreateIfNotExistsAsync();
            using var _ = await http.GetAsync(new Uri(table.Uri.GetLeftPart(UriPartial.Authority)));
        }
        tracer.ForceFlush();

        // Assert: the SDK's HTTP span for the table, no HttpClient span under it, and HttpClient's span for the plain call.
        var ours = ExportedTelemetry.Snapshot(spans).Where(s => s.TraceId == trace).ToList();
        var sdk = ours.Where(s => s.Source.Name == HubTelemetryServiceCollectionExtensions.AzureSdkHttpSource).ToList();
        var httpClient = ours.Where(s => s.Kind == ActivityKind.Client && !s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal)).ToList();
        Assert.Single(sdk);
        Assert.Equal(ActivityKind.Client, sdk[0].Kind);
        Assert.DoesNotContain(httpClient, s => s.ParentSpanId == sdk[0].SpanId);
        Assert.Single(httpClient);
    }

    [Fact]
    public void KeepHttpClientSpan_ParentIsTheSdksSpan_IsDropped()
    {
        // Arrange
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var sdkSource = new ActivitySource(HubTelemetryServiceCollectionExtensions.AzureSdkHttpSource);
        using var otherSource = new ActivitySource("IntegrationHub.Boards.Test");

        // Act
        bool underSdk, underOther;
        using (sdkSource.StartActivity("GET"))
        using (var http = new Activity("System.Net.Http.HttpRequestOut").Start())
        {
            underSdk = HubTelemetryServiceCollectionExtensions.KeepHttpClientSpan(http);
        }
        using (otherSource.StartActivity("attempt"))
        using (var http = new Activity("System.Net.Http.HttpRequestOut").Start())
        {
            underOther = HubTelemetryServiceCollectionExtensions.KeepHttpClientSpan(http);
        }

        // Assert
        Assert.False(underSdk);
        Assert.True(underOther);
        Assert.True(HubTelemetryServiceCollectionExtensions.KeepHttpClientSpan(null));
    }
}
