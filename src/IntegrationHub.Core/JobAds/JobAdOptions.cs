using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.JobAds;

/// <summary>How job ads flow to the boards. Section "Hub:JobAds".</summary>
public sealed class JobAdOptions
{
    public const string Section = "Hub:JobAds";

    /// <summary>Deliveries carried by one queue message (NAV takes up to 100 ads per import call).</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 100;

    /// <summary>The pump stops sending to a board's queue while this many messages wait there.</summary>
    [Range(1, 10_000)]
    public int MaxBacklog { get; set; } = 50;

    /// <summary>
    /// Queue deliveries of a page before its remaining deliveries are marked failed and the message goes to poison.
    /// Must equal host.json's extensions.queues.maxDequeueCount (a unit test holds them together).
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Board calls one page makes at once, for boards that take ads one by one.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// The longest gap between two looks of the delivery pump and the expiry timer while they find nothing (0: a look
    /// on every tick). A job-ad commit in this process wakes the pump at once; one on another instance, or an ad that
    /// expires, waits at most this long (ADR 0012).
    /// </summary>
    [Range(0, 300)]
    public int IdleCeilingSeconds { get; set; } = 10;
}
