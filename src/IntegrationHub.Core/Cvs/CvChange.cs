namespace IntegrationHub.Core.Cvs;

/// <param name="CitizenId">The registry-scoped citizen the CV belongs to (a pseudonym, not a national ID).</param>
public sealed record CvChange(string CvId, int Version, string Operation, string? CitizenId = null);
