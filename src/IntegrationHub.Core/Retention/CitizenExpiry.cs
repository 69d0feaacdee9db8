using IntegrationHub.Core.Visibility;

namespace IntegrationHub.Core.Retention;

/// <summary>
/// The "expiry" of GDPR art. 15's copy (art. 15(1)(d): "the envisaged period for which the personal data will be
/// stored"), computed per jurisdiction from "Hub:Retention" and the jurisdiction's own rules: the same periods the
/// retention purge applies (docs/data-lifecycle.md, ADR 0023 and 0029). A date is the moment the next rows of that kind
/// go (month tables go whole, a month after their period at most); no date means the rows last until an event the hub
/// cannot foresee (the registry deletes the CV, a report is filed).
/// </summary>
public static class CitizenExpiry
{
    public static IReadOnlyList<ExpiryEntry> For(string? jurisdiction, RetentionOptions retention, CitizenHoldings holdings)
    {
        var historyMonths = retention.VisibilityHistoryMonthsFor(jurisdiction);
        var readMonths = retention.AccessLogMonthsFor(jurisdiction);
        var inactivity = jurisdiction is not null && VisibilityPolicies.For(jurisdiction).FollowsInactivitySchedule;
        var deletion = inactivity && holdings.HasCv && holdings.LastActivity is { } last ? InactivitySchedule.DeletionAt(last) : (DateTimeOffset?)null;
        var entries = new List<ExpiryEntry>
        {
            new("cvs", deletion, inactivity
                ? "deleted 18.5 months after the citizen's last activity, and the citizen erased with it"
                : "until the registry deletes the CV or erases the citizen"),
            // The ledger and the state follow the CV: the erasure on Denmark's deletion, else the purge after the CV went.
            new("events", deletion ?? holdings.CvGoneAt?.AddMonths(historyMonths), holdings switch
            {
                { HasCv: true } when deletion is not null => "erased with the CV at its deletion",
                { HasCv: true } => $"as long as the CV, then {historyMonths} months after it went",
                { CvGoneAt: not null } => $"{historyMonths} months after the CV went",
                _ => "no CV: until the registry erases the citizen",
            }),
            new("visibility", holdings.OldestIntervalEnd is { } ended ? MonthTableGoes(ended, historyMonths) : null,
                $"each ended interval {historyMonths} months after the month it ended; the one in force as long as the events"),
            new("reads", holdings.OldestRead is { } read ? MonthTableGoes(read, readMonths) : null,
                $"each read {readMonths} months after the month it happened"),
        };
        foreach (var hold in holdings.Letters)
        {
            entries.Add(new("letters", hold.EndedAt?.AddDays(retention.BreachLedgerDaysAfterReport),
                $"campaign {hold.CampaignId}: until its report to the authority is filed, then {retention.BreachLedgerDaysAfterReport} days"));
        }
        return entries;
    }

    /// <summary>When the month table holding a row of <paramref name="at"/> is dropped (<see cref="RetentionPeriods.IsExpired"/>).</summary>
    private static DateTimeOffset MonthTableGoes(DateTimeOffset at, int months) =>
        new(RetentionPeriods.StartOf(RetentionPeriods.MonthOf(at)).AddMonths(1 + months), TimeSpan.Zero);
}
