namespace IntegrationHub.Core.Visibility;

/// <summary>What the CV itself contributes to the decision (kept current by the CV pipeline).</summary>
public sealed record CvSide(string CvId, string? Publication, DateTimeOffset? LastCitizenActivityAt);
