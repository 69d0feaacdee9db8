namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Jobnet's inactivity timetable (DK). Every time is counted from the citizen's last activity; a new
/// activity restarts the timetable.
/// </summary>
/// <remarks>
/// "18.5 months" is defined as <c>lastActivity.AddMonths(18).AddDays(15)</c> (calendar months, then 15
/// days), and the deletion warning as that moment minus 14 days. Each threshold is inclusive: an action is
/// due from the exact moment its time is reached.
/// </remarks>
public static class InactivitySchedule
{
    public static readonly TimeSpan ReminderAfter = TimeSpan.FromDays(7 * 10);
    public static readonly TimeSpan NonSearchableAfter = TimeSpan.FromDays(7 * 12);
    public static readonly TimeSpan DeletionWarningBefore = TimeSpan.FromDays(14);

    /// <summary>The moment an action falls due for a given last activity.</summary>
    public static DateTimeOffset DueAt(InactivityAction action, DateTimeOffset lastActivity) => action switch
    {
        InactivityAction.RemindAt10Weeks => lastActivity + ReminderAfter,
        InactivityAction.NonSearchableAt12Weeks => lastActivity + NonSearchableAfter,
        InactivityAction.DeletionWarning2WeeksBefore => DeletionAt(lastActivity) - DeletionWarningBefore,
        InactivityAction.DeleteAt18AndAHalfMonths => DeletionAt(lastActivity),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown inactivity action."),
    };

    /// <summary>18.5 months after the last activity: 18 calendar months, then 15 days.</summary>
    public static DateTimeOffset DeletionAt(DateTimeOffset lastActivity) => lastActivity.AddMonths(18).AddDays(15);

    /// <summary>12 weeks or more without activity.</summary>
    public static bool IsInactive(DateTimeOffset lastActivity, DateTimeOffset now) =>
        now >= DueAt(InactivityAction.NonSearchableAt12Weeks, lastActivity);

    /// <summary>
    /// Every action whose time has come, in time order. The sweep that acts on them records what it has done
    /// per (CV, last activity, action), so calling this again is harmless. No known activity: nothing is due.
    /// </summary>
    public static IReadOnlyList<InactivityAction> Due(DateTimeOffset? lastActivity, DateTimeOffset now)
    {
        if (lastActivity is not { } last)
        {
            return [];
        }

        return Enum.GetValues<InactivityAction>()
            .Where(action => now >= DueAt(action, last))
            .OrderBy(action => DueAt(action, last))
            .ToArray();
    }
}
