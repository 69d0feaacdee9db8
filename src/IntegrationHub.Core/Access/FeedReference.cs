namespace IntegrationHub.Core.Access;

/// <summary>A CV the boards may fetch now, and since when.</summary>
public sealed record FeedReference(string Registry, string CvId, DateTimeOffset Since);
