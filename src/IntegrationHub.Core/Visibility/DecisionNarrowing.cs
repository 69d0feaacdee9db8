namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Whether a decision narrows what employers' search may show of the CV the decision in force names (ADR 0045). Search
/// rows are trusted without a state read only while no such decision has committed, so this test is mechanical and
/// errs towards "narrows": anything but the same CV, still searchable, with the same presentation and at least the same
/// sections counts.
/// </summary>
public static class DecisionNarrowing
{
    public static bool NarrowsForSearch(VisibilityState? previous, VisibilityState next)
    {
        // No decision in force that let the CV be found: no row of it can be verified (a writer verifies only after it has
        // read a searchable decision, and every step away from one comes through here).
        if (previous?.Cv?.CvId is not { } cvId || previous.Decision.EmployerView() is not { Visible: true, Searchable: true })
        {
            return false;
        }
        return next.Cv?.CvId != cvId
            || next.Registry != previous.Registry
            || next.Decision.EmployerView() is not { Visible: true, Searchable: true }
            || next.Decision.Presentation != previous.Decision.Presentation
            || !CoversAtLeast(next.EmployerSections, previous.EmployerSections);
    }

    /// <summary>Whether <paramref name="next"/> covers every section <paramref name="before"/> did (null or empty: every section).</summary>
    private static bool CoversAtLeast(IReadOnlyList<string>? next, IReadOnlyList<string>? before) =>
        next is not { Count: > 0 } || (before is { Count: > 0 } && before.All(s => next.Contains(s, StringComparer.Ordinal)));
}
