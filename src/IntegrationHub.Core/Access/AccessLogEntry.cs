namespace IntegrationHub.Core.Access;

/// <summary>One CV returned to one caller: who, which CV, when, how, which fields.</summary>
public sealed record AccessLogEntry(
    DateTimeOffset At,
    string ClientId,
    string Party,
    string? UserObjectId,
    string Registry,
    string CvId,
    string Kind,
    IReadOnlyList<string> Fields,
    string RequestId);
