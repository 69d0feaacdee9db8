using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Boards;

/// <summary>
/// Short retries inside one call (exponential backoff with jitter, 429 Retry-After honoured) and a circuit breaker per
/// board; long retries go through the board's queue. See docs/adr/0005-job-ad-delivery.md for why these values.
/// </summary>
public sealed class BoardResilience
{
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(1, 60_000)]
    public int BaseDelayMilliseconds { get; set; } = 200;

    /// <summary>Caps one wait, Retry-After included: a board asking for longer is retried through the queue instead.</summary>
    [Range(1, 120_000)]
    public int MaxDelayMilliseconds { get; set; } = 5_000;

    [Range(1, 600)]
    public int AttemptTimeoutSeconds { get; set; } = 10;

    [Range(1, 3_600)]
    public int TotalTimeoutSeconds { get; set; } = 60;

    /// <summary>The circuit opens when at least this share of calls fail in the sampling window (0.5: far above random 20 % faults).</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls the window must hold before the ratio counts (no opening on 2 failures out of 3).</summary>
    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = 20;

    [Range(1, 3_600)]
    public int CircuitSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open circuit refuses calls before it lets one through to probe the board.</summary>
    [Range(1, 3_600)]
    public int CircuitBreakSeconds { get; set; } = 5;
}
