using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>One citizen's delivery, final: written once per citizen, in 100-row batches after the page's calls.</summary>
public sealed record LedgerEntry
{
    /// <summary>The audience row key (registry and citizen).</summary>
    public required string Key { get; init; }
    public required string Status { get; init; }
    public required string Channel { get; init; }
    public required string Language { get; init; }

    /// <summary>The page's queue delivery on which the outcome became final.</summary>
    public required int Attempts { get; init; }

    /// <summary>The registry answered 200 (it already had a letter under the key).</summary>
    public bool Duplicate { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
