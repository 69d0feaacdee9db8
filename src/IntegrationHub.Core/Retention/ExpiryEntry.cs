namespace IntegrationHub.Core.Retention;

/// <summary>One line of the citizen's copy's "expiry": a kind of data, when its next rows go (when the hub knows), and the rule.</summary>
public sealed record ExpiryEntry(string Data, DateTimeOffset? ExpiresAt, string Rule);
