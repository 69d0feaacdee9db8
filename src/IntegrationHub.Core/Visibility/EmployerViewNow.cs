namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The decision in force as employers may see it: the CV it is about, visible, searchable, how it is shown, and the
/// sections the citizen's consent covers (null: every section).
/// </summary>
public sealed record EmployerViewNow(string? CvId, bool Visible, bool Searchable, Presentation Presentation, IReadOnlyList<string>? Sections = null)
{
    public static EmployerViewNow? Of(VisibilityState? state)
    {
        if (state is null)
        {
            return null;
        }
        var (visible, searchable) = state.Decision.EmployerView();
        return new EmployerViewNow(state.Cv?.CvId, visible, searchable, state.Decision.Presentation, state.EmployerSections);
    }
}
