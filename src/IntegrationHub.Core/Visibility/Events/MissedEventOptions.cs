using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Visibility.Events;

/// <summary>Section "Hub:MissedEvents": the repair of events whose request died before the decision was stored (ADR 0047).</summary>
public sealed class MissedEventOptions
{
    public const string Section = "Hub:MissedEvents";

    /// <summary>
    /// How old a mark must be before the repair takes it as left by a dead request: longer than a request can run, so
    /// that it never folds beside a live one that has yet to record its events. 660 = host.json's functionTimeout (10
    /// minutes, after which the host stops the call) and a minute. 0 takes every mark (tests only).
    /// </summary>
    [Range(0, 3600, ErrorMessage = "Hub:MissedEvents:GraceSeconds must be 0-3600 (longer than host.json's functionTimeout outside tests).")]
    public int GraceSeconds { get; set; } = 660;

    /// <summary>Citizens folded again per pass at most, over all registries; the rest wait for the next pass (a minute later).</summary>
    [Range(1, 10_000, ErrorMessage = "Hub:MissedEvents:CitizensPerPass must be 1-10000.")]
    public int CitizensPerPass { get; set; } = 200;

    /// <summary>False switches the repair timer off (benchmarks).</summary>
    public bool Enabled { get; set; } = true;
}
