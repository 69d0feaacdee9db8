namespace IntegrationHub.Core.Visibility;

/// <summary>A registry's own CV: the decision in force, and the history of what the hub served (oldest first).</summary>
public sealed record CvVisibilityExplanation(VisibilityState State, IReadOnlyList<VisibilityInterval> History);
