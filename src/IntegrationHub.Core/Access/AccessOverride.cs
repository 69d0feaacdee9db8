using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Access;

/// <summary>One party's own limits ("Hub:Access:Overrides:{partyId}"); each one left out keeps the default.</summary>
public sealed class AccessOverride
{
    [Range(0, 1_000_000)] public int? AccountPerMinute { get; set; }
    [Range(0, 1_000_000)] public int? AccountPerHour { get; set; }
    [Range(0, 1_000_000)] public int? UserPerMinute { get; set; }
    [Range(0, 1_000_000)] public int? UserPerHour { get; set; }
    [Range(1, 10_000_000)] public int? AccountDailyCeiling { get; set; }
    [Range(1, 100_000_000)] public int? AccountSevenDayCeiling { get; set; }
    [Range(1, 100_000_000)] public int? AccountThirtyDayCeiling { get; set; }
}
