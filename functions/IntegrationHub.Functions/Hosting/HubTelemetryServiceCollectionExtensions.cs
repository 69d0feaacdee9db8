using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using IntegrationHub.Contracts;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.Telemetry;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IntegrationHub.Functions.Hosting;

/// <summary>
/// OpenTelemetry for both hosts (issue 17, ADR 0024): the same sources, meters, sampler and exporters in the Functions
/// worker and the dev host. Traces: the HTTP request (ASP.NET Core), the hub's own spans (queue messages, pages sent),
/// every outgoing HTTP attempt (board and registry calls, one span per resilience attempt) and the Azure SDK's spans
/// for storage and Service Bus calls. Metrics: <see cref="HubMetrics"/>, the boards' signals, Polly's resilience events.
/// Logs: through the OpenTelemetry logger, values classified as personal data erased first.
/// </summary>
public static class HubTelemetryServiceCollectionExtensions
{
    /// <summary>The Azure SDK's activity sources ("Azure.*"; the SDK documents its OpenTelemetry support under this prefix).</summary>
    public const string AzureSdkSources = "Azure.*";

    /// <summary>The worker's own invocation spans (source "Microsoft.Azure.Functions.Worker", span "Invoke").</summary>
    public const string FunctionsWorkerSource = "Microsoft.Azure.Functions.Worker";

    /// <summary>The Azure SDK's HTTP span source: one span per storage or Service Bus request, with the SDK's attributes.</summary>
    public const string AzureSdkHttpSource = "Azure.Core.Http";

    /// <summary>
    /// Turns on the Azure SDK's ActivitySource spans (still "experimental" in Azure.Core: the Azure.Core README's
    /// "Distributed tracing" section names this switch, or AZURE_EXPERIMENTAL_ENABLE_ACTIVITY_SOURCE=true).
    /// </summary>
    public const string AzureSdkActivitySourceSwitch = "Azure.Experimental.EnableActivitySource";

    /// <summary>System.Net.Http's instruments the hub does not export (learn.microsoft.com, dotnet/core/diagnostics/built-in-metrics-system-net).</summary>
    public static IReadOnlyList<string> DroppedHttpClientInstruments { get; } = ["http.client.open_connections", "http.client.active_requests"];

    public static IServiceCollection AddHubTelemetry(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        Action<OpenTelemetryBuilder>? configure = null)
    {
        services.AddOptions<HubTelemetryOptions>().BindConfiguration(HubTelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<QueueGaugePoller>();

        // Log redaction: values classified personal or special-category are erased (the erasing redactor writes
        // nothing), whatever a log call passes. Unclassified values pass as they are.
        services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<ErasingRedactor>(
                new Microsoft.Extensions.Compliance.Classification.DataClassificationSet(HubDataClassification.PersonalData),
                new Microsoft.Extensions.Compliance.Classification.DataClassificationSet(HubDataClassification.SpecialCategoryData));
        });
        services.AddLogging(logging =>
        {
            logging.EnableRedaction();
            // ASP.NET Core's request logs carry the path and query (a route may name a citizen); the HTTP span has both, scrubbed.
            logging.AddFilter<OpenTelemetryLoggerProvider>("Microsoft.AspNetCore", LogLevel.Warning);
            logging.AddFilter<OpenTelemetryLoggerProvider>("System.Net.Http.HttpClient", LogLevel.Warning);
        });

        var settings = configuration.GetSection(HubTelemetryOptions.Section).Get<HubTelemetryOptions>() ?? new HubTelemetryOptions();
        if (!settings.Enabled)
        {
            return services;
        }
        var ratio = settings.EffectiveSamplingRatio(environment.IsDevelopment());
        // Both hosts alike: without the switch the "Azure.*" sources below stay silent and storage calls show as bare
        // HttpClient spans; with it each call has the SDK's span, and KeepOnlyTheSdksSpan drops HttpClient's twin.
        AppContext.SetSwitch(AzureSdkActivitySourceSwitch, true);

        // Azure Monitor with the managed identity: the Functions platform's own setting says how to authenticate
        // ("Authorization=AAD;ClientId=..." in APPLICATIONINSIGHTS_AUTHENTICATION_STRING, learn.microsoft.com
        // azure-functions/opentelemetry-howto and azure-monitor/app/azure-ad-authentication).
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var credential = AzureMonitorCredential(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        void AzureMonitor(AzureMonitorExporterOptions o)
        {
            o.ConnectionString = appInsights;
            o.Credential = credential;
            // Our sampler decides; the exporter keeps what it is given.
            o.SamplingRatio = 1.0f;
        }

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration["OTEL_SERVICE_NAME"] ?? "integrationhub",
                serviceVersion: typeof(HubTelemetryServiceCollectionExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)))
                    .AddProcessor(new TelemetryScrubber())
                    .AddSource(HubTelemetry.SourceName, FunctionsWorkerSource, AzureSdkSources)
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // The query string may name search terms: the span keeps the path only.
                        o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                    })
                    .AddHttpClientInstrumentation(o =>
                    {
                        // The exporters' own calls are suppressed by the SDK; each board or registry attempt is a span.
                        o.EnrichWithHttpRequestMessage = (activity, _) => activity.SetTag("url.query", null);
                        o.FilterHttpRequestMessage = _ => KeepHttpClientSpan(System.Diagnostics.Activity.Current);
                    });
                if (!string.IsNullOrEmpty(appInsights))
                {
                    tracing.AddAzureMonitorTraceExporter(AzureMonitor);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HubMetrics.MeterName, BoardSignals.MeterName, "Polly")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                // Two up-down counters of System.Net.Http move on every request (a connection idle to active and back,
                // a request in and out: six measurements per call, a breach letter's or a storage request's) and nothing
                // reads them; http.client.request.duration still counts and times every call (ADR 0053).
                foreach (var instrument in DroppedHttpClientInstruments)
                {
                    metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                }
                if (!string.IsNullOrEmpty(appInsights))
                {
                    metrics.AddAzureMonitorMetricExporter(AzureMonitor);
                }
            })
            .WithLogging(logging =>
            {
                if (!string.IsNullOrEmpty(appInsights))
                {
                    logging.AddAzureMonitorLogExporter(AzureMonitor);
                }
            }, options =>
            {
                // The formatted message repeats the parameters; the parameters themselves are exported (redacted).
                options.IncludeFormattedMessage = false;
                options.IncludeScopes = false;
            });

        // The standard variables win: with OTEL_EXPORTER_OTLP_ENDPOINT set (./hub up sets it to the Aspire dashboard
        // unless it is set already), every signal also goes there, by OTEL_EXPORTER_OTLP_PROTOCOL.
        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.UseOtlpExporter();
        }
        configure?.Invoke(builder);
        return services;
    }

    /// <summary>
    /// One span per storage or Service Bus request: the Azure SDK starts its own client span ("Azure.Core.Http") and then
    /// sends through HttpClient, whose instrumentation would add a second span for the same request. The SDK's has the
    /// service's attributes, so HttpClient's is dropped when its parent is the SDK's, as Microsoft's Azure Monitor distro
    /// does (Azure/azure-sdk-for-net, sdk/monitor/Azure.Monitor.OpenTelemetry.AspNetCore/src/OpenTelemetryBuilderExtensions.cs;
    /// sdk/core/Azure.Core/samples/Diagnostics.md, "Avoiding double collection of HTTP activities"). Board and registry
    /// calls have no SDK parent and keep their spans.
    /// </summary>
    /// <param name="httpActivity">The HttpClient activity being started (Activity.Current when the filter runs).</param>
    public static bool KeepHttpClientSpan(System.Diagnostics.Activity? httpActivity) =>
        httpActivity?.Parent?.Source.Name != AzureSdkHttpSource;

    /// <summary>"Authorization=AAD" (optionally ";ClientId=..."): the managed identity; otherwise the connection string's key alone.</summary>
    internal static TokenCredential? AzureMonitorCredential(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return null;
        }
        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var kind) || !string.Equals(kind, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrEmpty(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
