namespace IntegrationHub.Core.Visibility;

/// <summary>Inactivity actions the sweep carried out for one last activity.</summary>
public sealed record InactivityStep(DateTimeOffset LastActivity, IReadOnlyList<InactivityAction> Done);
