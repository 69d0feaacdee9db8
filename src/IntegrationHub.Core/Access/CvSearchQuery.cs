namespace IntegrationHub.Core.Access;

/// <summary>An employer search: each criterion optional, all given ones must match.</summary>
public sealed record CvSearchQuery(string? Occupation, string? Skill, string? Municipality, string? Language, string? Continuation, int PageSize);
