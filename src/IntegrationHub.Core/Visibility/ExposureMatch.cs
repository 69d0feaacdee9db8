namespace IntegrationHub.Core.Visibility;

/// <summary>A citizen whose CV employers could see within the window (while the fact held, when one was asked for).</summary>
public sealed record ExposureMatch(string Registry, string CitizenId, string CvId, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Windows);
