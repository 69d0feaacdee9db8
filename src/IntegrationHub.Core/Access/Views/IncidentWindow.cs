namespace IntegrationHub.Core.Access;

/// <summary>The stretch of the access log the detecting rule looked at.</summary>
public sealed record IncidentWindow(DateTimeOffset From, DateTimeOffset To);
