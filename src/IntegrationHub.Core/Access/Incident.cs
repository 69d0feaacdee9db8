namespace IntegrationHub.Core.Access;

/// <summary>A harvesting incident: which account, which rule, when, and (from the access log) what it received.</summary>
public sealed record Incident
{
    public required string Id { get; init; }
    public required string Party { get; init; }
    public required string ClientId { get; init; }
    public string? UserObjectId { get; init; }

    /// <summary>The suspended user's display name from their token (`name`), for the privacy team; null for apps.</summary>
    public string? UserName { get; init; }
    public required string Rule { get; init; }
    public required string Detail { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>The window whose access log the incident covers: what the account received before it was stopped.</summary>
    public required DateTimeOffset WindowFrom { get; init; }
    public required DateTimeOffset WindowTo { get; init; }

    public required string Status { get; init; }
    public string? LiftedBy { get; init; }
    public DateTimeOffset? LiftedAt { get; init; }
    public string? LiftReason { get; init; }
    public string? ETag { get; init; }
}
