using System.Globalization;
using System.Net;
using System.Text;

namespace IntegrationHub.Core.Breach;

public sealed record BreachReportTimeline
{
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>detectedAt + 72 hours (GDPR art. 33(1)).</summary>
    public required DateTimeOffset Deadline { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }
    public required bool DeadlineMet { get; init; }
    public required DateTimeOffset WindowFrom { get; init; }
    public required DateTimeOffset WindowTo { get; init; }
    public required IReadOnlyList<BreachAction> Actions { get; init; }
}
