using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Access;

/// <summary>
/// Section "Hub:Access": how many CVs one employer account (and one user of it) may receive. Every CV returned counts:
/// a search hit, a view, a feed detail. A limit of 0 switches that limit off; the ceilings cannot be switched off.
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

    /// <summary>
    /// The most CVs an account may receive in 7 UTC days (today and the 6 before). 3,000 lets a recruiter reach the daily
    /// ceiling on three days of a week, and stops 900 a day, every day, on the fourth (ADR 0018).
    /// </summary>
    [Range(1, 100_000_000)] public int AccountSevenDayCeiling { get; set; } = 3000;

    /// <summary>
    /// The most CVs an account may receive in 30 UTC days (today and the 29 before): 8,000, about 270 a working day,
    /// stops 400 a day (under the 7-day ceiling) on the 21st day, and 117,000 CVs would take 15 accounts a month (ADR 0018).
    /// </summary>
    [Range(1, 100_000_000)] public int AccountThirtyDayCeiling { get; set; } = 8000;

    /// <summary>An account receiving more than this many times its own daily average (over <see cref="BaselineDays"/>) is suspended.</summary>
    [Range(0, 1000)] public double BaselineFactor { get; set; } = 10;

    /// <summary>Below this many CVs in a day the baseline rule never fires (a quiet account's first busy day is normal).</summary>
    [Range(0, 10_000_000)] public int BaselineFloor { get; set; } = 200;

    [Range(1, 90)] public int BaselineDays { get; set; } = 14;

    /// <summary>Views of CVs that do not exist or are hidden, per account per hour, beyond which the account is enumerating ids.</summary>
    [Range(0, 1_000_000)] public int NotFoundPerHour { get; set; } = 50;

    /// <summary>How far back an incident's record of received CVs reaches from the moment of detection.</summary>
    public TimeSpan IncidentLookback { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A search that finds nothing counts against the per-minute and per-hour limits as one CV per this many index rows
    /// it read, at least one: a miss over a small partition costs 1, one that read the whole scan budget (1,000 rows)
    /// costs 10, half a default page. Not counted towards the daily and rolling ceilings, which count CVs received.
    /// 0 makes empty searches free again (issue 15).
    /// </summary>
    [Range(0, 1000)] public int EmptySearchRowsPerCv { get; set; } = 100;

    /// <summary>What a search that found nothing after reading <paramref name="rows"/> index rows costs, in CVs.</summary>
    public int EmptySearchCost(int rows) => EmptySearchRowsPerCv == 0 ? 0 : Math.Max(1, (rows + EmptySearchRowsPerCv - 1) / EmptySearchRowsPerCv);

    /// <summary>
    /// How long one read keeps retrying a counter write that loses its ETag race to other instances' requests of the same
    /// account before it is refused with 503 `access-counter-busy` (ADR 0054). Each lost round means another request was
    /// counted, so this is spent only when the store lets nothing of this read through for that long. 3 s, not the 10 s
    /// it was: a .NET client's standard resilience handler gives up an attempt after 10 s (learn.microsoft.com/dotnet/api/
    /// microsoft.extensions.http.resilience.httpstandardresilienceoptions.attempttimeout), so a 10 s wait answered nobody.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan CounterRaceBudget { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Largest page of a search.</summary>
    [Range(1, 100)] public int MaxPageSize { get; set; } = 50;

    /// <summary>
    /// Party id (the <c>Id</c> of its client bindings, "Hub:Clients:N:Id") -> its own limits, for legitimate high-volume
    /// accounts such as staffing agencies: <c>Hub:Access:Overrides:&lt;partyId&gt;:AccountDailyCeiling</c>. Checked at start.
    /// </summary>
    public Dictionary<string, AccessOverride> Overrides { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The limits for one party: its overrides, else (for a board) its feed grant's daily ceiling with rolling ceilings of
    /// 7 and 30 times it, else the defaults above.
    /// </summary>
    public AccessLimits LimitsFor(string? partyId, int? grantDailyCeiling = null)
    {
        var own = partyId is not null && Overrides.TryGetValue(partyId, out var found) ? found : null;
        var daily = own?.AccountDailyCeiling ?? grantDailyCeiling ?? AccountDailyCeiling;
        return new AccessLimits(
            own?.AccountPerMinute ?? AccountPerMinute,
            own?.AccountPerHour ?? AccountPerHour,
            own?.UserPerMinute ?? UserPerMinute,
            own?.UserPerHour ?? UserPerHour,
            daily,
            own?.AccountSevenDayCeiling ?? (grantDailyCeiling is { } g7 ? checked(g7 * 7) : AccountSevenDayCeiling),
            own?.AccountThirtyDayCeiling ?? (grantDailyCeiling is { } g30 ? checked(g30 * 30) : AccountThirtyDayCeiling));
    }
}
