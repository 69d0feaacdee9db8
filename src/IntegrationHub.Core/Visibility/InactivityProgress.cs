namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Which inactivity actions have been carried out for one last activity. A new activity starts a new timetable, so
/// the record is only valid while <see cref="LastActivity"/> is the citizen's last activity.
/// </summary>
public sealed record InactivityProgress(DateTimeOffset LastActivity, IReadOnlyList<InactivityAction> Done)
{
    /// <summary>When the sweep next has something to do; null when everything is done.</summary>
    public DateTimeOffset? NextDue => Enum.GetValues<InactivityAction>().Where(a => !Done.Contains(a))
        .Select(a => (DateTimeOffset?)InactivitySchedule.DueAt(a, LastActivity)).Min();

    public IReadOnlyList<InactivityAction> DoneFor(DateTimeOffset? lastActivity) => lastActivity == LastActivity ? Done : [];

    /// <summary>The progress to store with <paramref name="next"/>: carried over while the last activity is the same.</summary>
    public static InactivityProgress? Next(VisibilityState? previous, VisibilityState next, InactivityStep? justDone)
    {
        if (next.Cv is null || next.Facts.LastCitizenActivityAt is not { } last)
        {
            return null;
        }
        var done = previous?.Inactivity?.DoneFor(last) ?? [];
        var added = justDone is { } step && step.LastActivity == last ? step.Done : [];
        return new InactivityProgress(last, [.. done.Union(added).Order()]);
    }
}
