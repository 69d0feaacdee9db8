namespace IntegrationHub.Core.Breach;

/// <summary>A count per key (registry, language, channel or protected status).</summary>
public sealed record BreachCount(string Key, long Count);
