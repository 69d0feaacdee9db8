namespace IntegrationHub.Core.Breach;

/// <summary>When the breach exposed data: from and to, both inclusive.</summary>
public sealed record BreachWindow(DateTimeOffset From, DateTimeOffset To);
