using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Functions.Hosting;

/// <summary>
/// Section "Hub:Telemetry" (issue 17, ADR 0024). The exporters themselves are chosen by the standard variables:
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>/<c>_PROTOCOL</c> (the Aspire dashboard locally, or any collector) and
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (Azure); <c>OTEL_METRIC_EXPORT_INTERVAL</c> sets the metric interval.
/// </summary>
public sealed class HubTelemetryOptions
{
    public const string Section = "Hub:Telemetry";

    /// <summary>Off only for the overhead comparison of <c>./hub bench intake --telemetry</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Share of root traces kept, parent-based (a child follows its parent's decision, so a trace is whole or absent).
    /// Null: 1.0 in Development, 0.2 elsewhere.
    /// </summary>
    [Range(0.0, 1.0)]
    public double? SamplingRatio { get; set; }

    /// <summary>Seconds between polls of the queues' properties for the backlog gauges (each poll is one call per queue).</summary>
    [Range(5, 3600)]
    public int QueuePollSeconds { get; set; } = 30;

    public double EffectiveSamplingRatio(bool development) => SamplingRatio ?? (development ? 1.0 : 0.2);
}
