namespace IntegrationHub.Core.Visibility;

/// <summary>
/// One stretch of hub time during which a CV was served to employers (transaction time: what they could actually see).
/// <see cref="To"/> is null while it lasts.
/// </summary>
public sealed record Exposure(string Registry, string CitizenId, string CvId, DateTimeOffset From, DateTimeOffset? To);
