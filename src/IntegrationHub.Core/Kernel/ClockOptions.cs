using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Kernel;

/// <summary>
/// How far ahead of the hub's clock a time sent to it may be. Section "Hub:Clock". Event times order the facts (the
/// latest wins), so a time far in the future would outrank everything sent after it; a few minutes cover clock skew
/// between honest systems.
/// </summary>
public sealed class ClockOptions
{
    public const string Section = "Hub:Clock";

    /// <summary>Seconds a CloudEvent <c>time</c>, a time inside event data, or a CV's <c>lastCitizenActivityAt</c> may lie ahead (300).</summary>
    [Range(0, 3600)]
    public int MaxFutureSkewSeconds { get; set; } = 300;

    public TimeSpan MaxFutureSkew => TimeSpan.FromSeconds(MaxFutureSkewSeconds);
}
