using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Access;

/// <summary>
/// Section "Hub:Access": how many CVs one employer account (and one user of it) may receive. Every CV returned counts:
/// a search hit, a view, a feed detail. A limit of 0 switches that limit off.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Hub:Access";

    [Range(0, 1_000_000)] public int AccountPerMinute { get; set; } = 200;
    [Range(0, 1_000_000)] public int AccountPerHour { get; set; } = 600;
    [Range(0, 1_000_000)] public int UserPerMinute { get; set; } = 100;
    [Range(0, 1_000_000)] public int UserPerHour { get; set; } = 400;

    /// <summary>The most CVs an account may receive in a day (UTC). Reaching for more suspends the account: harvesting.</summary>
    [Range(1, 10_000_000)] public int AccountDailyCeiling { get; set; } = 1000;

    /// <summary>An account receiving more than this many times its own daily average (over <see cref="BaselineDays"/>) is suspended.</summary>
    [Range(0, 1000)] public double BaselineFactor { get; set; } = 10;

    /// <summary>Below this many CVs in a day the baseline rule never fires (a quiet account's first busy day is normal).</summary>
    [Range(0, 10_000_000)] public int BaselineFloor { get; set; } = 200;

    [Range(1, 90)] public int BaselineDays { get; set; } = 14;

    /// <summary>Views of CVs that do not exist or are hidden, per account per hour, beyond which the account is enumerating ids.</summary>
    [Range(0, 1_000_000)] public int NotFoundPerHour { get; set; } = 50;

    /// <summary>How far back an incident's record of received CVs reaches from the moment of detection.</summary>
    public TimeSpan IncidentLookback { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Largest page of a search.</summary>
    [Range(1, 100)] public int MaxPageSize { get; set; } = 50;
}
