using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>The fan-out. Section "Hub:Breach".</summary>
public sealed class BreachDeliveryOptions
{
    public const string Section = "Hub:Breach";

    public Dictionary<string, RegistryDeliveryEndpoint> Registries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Citizens per queue message.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 200;

    /// <summary>The planner stops enqueuing while this many pages are unfinished (twice the host's queue batch, so a batch waits while one works; Azurite slows with deep backlogs).</summary>
    [Range(1, 1000)]
    public int MaxBacklog { get; set; } = 32;

    /// <summary>Registry calls one page makes at once.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 32;

    /// <summary>Queue deliveries of a page before its citizens still failing transiently end failed. Must not exceed host.json's maxDequeueCount.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>A page queued this long and not done is queued again (its message was lost with a crashed host); the ledger and the key make that safe.</summary>
    [Range(1, 86_400)]
    public int StalePageSeconds { get; set; } = 120;

    /// <summary>Pages cut per planner tick at most (per campaign).</summary>
    [Range(1, 1000)]
    public int MaxPagesPerTick { get; set; } = 64;

    /// <summary>
    /// How long one planner tick keeps the backlog full (ADR 0056): it looks again as soon as a quarter of the backlog's
    /// pages are done in this process (at least once a second), with the next audience rows already read while the pages
    /// ran. 0: one look per tick, as before. Default below the shortest timer lease (listenerLockPeriod, 15-60 s): a tick
    /// that outlives its lease is short, and the run's ETag guards an overlap with the next holder anyway.
    /// </summary>
    [Range(0, 60)]
    public int PlanAheadSeconds { get; set; } = 10;

    /// <summary>
    /// The longest gap between two planner looks while no campaign runs (0: a look on every tick). Starting or
    /// resuming a campaign in this process wakes the planner at once; on another instance it waits at most this long (ADR 0012).
    /// </summary>
    [Range(0, 300)]
    public int IdleCeilingSeconds { get; set; } = 10;
}
