using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Retention;

/// <summary>
/// Section "Hub:Retention": how long each store keeps what it holds (GDPR art. 5(1)(e)), with per-jurisdiction
/// overrides for the stores whose rows belong to one registry's citizens (<c>Hub__Retention__Jurisdictions__DK__AccessLogMonths</c>).
/// Why these defaults: docs/adr/0023-retention-and-period-tables.md; the store table: docs/data-lifecycle.md.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Hub:Retention";

    /// <summary>
    /// Every read of a CV outside its registry, kept so that "who saw my CV" (GDPR art. 15, CJEU C-579/21) can be
    /// answered for the whole life of a CV and breach campaigns can select by what an account received. 24 months
    /// covers Jobnet's 18.5 months of inactivity before deletion with room for a late request.
    /// </summary>
    [Range(2, 120, ErrorMessage = "Hub:Retention:AccessLogMonths must be 2-120 (the 30-day ceilings and incidents read a month back).")]
    public int AccessLogMonths { get; set; } = 24;

    /// <summary>
    /// Past visibility decisions and exposure windows, counted from the end of each interval: accountability
    /// (art. 5(2)) for as long as a citizen could claim damages (art. 82) under the national limitation period.
    /// </summary>
    [Range(1, 240, ErrorMessage = "Hub:Retention:VisibilityHistoryMonths must be 1-240.")]
    public int VisibilityHistoryMonths { get; set; } = 36;

    /// <summary>
    /// The access guard's counters per account and user and day (employer staff's user ids): kept, in month tables, as
    /// long as the guard reads them back (the rolling 30-day ceiling, and "Hub:Access:BaselineDays", at most 90 days).
    /// A month goes once its last day is this many months old; 4 covers every allowed baseline, 2 the default 14 days.
    /// </summary>
    [Range(2, 24, ErrorMessage = "Hub:Retention:AccessCountersMonths must be 2-24 (the rolling 30-day ceiling reads a month back).")]
    public int AccessCountersMonths { get; set; } = 4;

    /// <summary>The boards' change list ("changes" in the CV feed): a board further behind than this starts again from the shareable list.</summary>
    [Range(1, 3650, ErrorMessage = "Hub:Retention:FeedChangesDays must be 1-3650.")]
    public int FeedChangesDays { get; set; } = 90;

    /// <summary>
    /// A job ad's rows (the ad, its reference, its board states) and EURES' change rows, counted from the moment the ad was
    /// withdrawn (by its system, or by the expiry timer at its <c>expires</c>). 180 days: NAV's import API keeps what a
    /// provider sent 6 months (navikt/pam-import-api, application.yml <c>transferlog.delete.months: 6</c>); EURES' getChanges
    /// answers exactly for any time within it (ADR 0050; how far back EURES asks is assumed, docs/data-lifecycle.md).
    /// </summary>
    [Range(1, 3650, ErrorMessage = "Hub:Retention:JobAdDaysAfterClosing must be 1-3650.")]
    public int JobAdDaysAfterClosing { get; set; } = 180;

    /// <summary>A breach campaign's audience and delivery ledger, counted from the moment its authority report is filed (state "reported").</summary>
    [Range(0, 3650, ErrorMessage = "Hub:Retention:BreachLedgerDaysAfterReport must be 0-3650.")]
    public int BreachLedgerDaysAfterReport { get; set; } = 365;

    /// <summary>
    /// A CV document no <c>cv|</c> row names (the process died between a new CV's upload and its transaction, ADR 0002) is
    /// deleted by the purge once every blob of its CV id is this old: a commit in flight uploads its document moments before
    /// its transaction, so an hour never takes a document from a commit that will still land.
    /// </summary>
    [Range(5, 10_080, ErrorMessage = "Hub:Retention:OrphanDocumentGraceMinutes must be 5-10080 (a commit in flight must keep its document).")]
    public int OrphanDocumentGraceMinutes { get; set; } = 60;

    /// <summary>
    /// The sweep for orphan CV documents goes through the whole container at most once in this many hours, a page per
    /// batch of the purge's budget, from a cursor; between cycles it costs one point read a tick. A day: an orphan is
    /// found within a day and its grace, and the sweep's listing and table reads are paid once a day, not every minute.
    /// </summary>
    [Range(1, 720, ErrorMessage = "Hub:Retention:OrphanDocumentSweepHours must be 1-720.")]
    public int OrphanDocumentSweepHours { get; set; } = 24;

    /// <summary>How many blob names one page of the orphan sweep lists (one batch of the budget): one listing and one range read per registry.</summary>
    [Range(1, 5000, ErrorMessage = "Hub:Retention:OrphanDocumentPageSize must be 1-5000 (a blob listing answers at most 5000).")]
    public int OrphanDocumentPageSize { get; set; } = 1000;

    /// <summary>Switches the purge timer off (the stores still read only what retention keeps).</summary>
    public bool PurgeEnabled { get; set; } = true;

    /// <summary>
    /// How much one tick of the purge may do: this many 100-entity batches (or dropped period tables), so that a tick
    /// stays short and a backlog is worked off over several ticks.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Hub:Retention:BatchesPerTick must be 1-10000.")]
    public int BatchesPerTick { get; set; } = 50;

    /// <summary>Jurisdiction (NO, DK, NL) -> its own periods for the per-citizen stores; each left out keeps the default.</summary>
    public Dictionary<string, JurisdictionRetention> Jurisdictions { get; set; } = new(StringComparer.Ordinal)
    {
        // Dutch limitation period for damages is five years (BW 3:310; assumed, see the ADR).
        ["NL"] = new JurisdictionRetention { VisibilityHistoryMonths = 60 },
    };

    public int AccessLogMonthsFor(string? jurisdiction) =>
        jurisdiction is not null && Jurisdictions.TryGetValue(jurisdiction, out var own) && own.AccessLogMonths is { } months ? months : AccessLogMonths;

    public int VisibilityHistoryMonthsFor(string? jurisdiction) =>
        jurisdiction is not null && Jurisdictions.TryGetValue(jurisdiction, out var own) && own.VisibilityHistoryMonths is { } months ? months : VisibilityHistoryMonths;
}
