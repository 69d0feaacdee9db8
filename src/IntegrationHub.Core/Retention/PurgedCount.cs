namespace IntegrationHub.Core.Retention;

/// <summary>What one purge pass removed from one store: rows, or whole month tables ("periods"). Counts only.</summary>
public sealed record PurgedCount(string Store, string Unit, long Count);
