using System.Diagnostics.Metrics;

namespace IntegrationHub.Core.JobAds;

/// <summary>
/// The hub's own signals about its boards (System.Diagnostics.Metrics; OpenTelemetry exports the meter by name).
/// <c>hub.boards.auth_failures</c> counts board calls refused for the hub's credentials (401/403), tagged with the
/// board: a configuration fault that an alert should page on, since the ads wait until the setting is fixed.
/// </summary>
public static class BoardSignals
{
    public const string MeterName = "IntegrationHub.Boards";

    private static readonly Meter Meter = new(MeterName);

    public static Counter<long> AuthFailures { get; } = Meter.CreateCounter<long>("hub.boards.auth_failures", unit: "{call}",
        description: "Board calls refused for the hub's credentials (401/403): a configuration fault; the ads stay pending.");
}
