namespace IntegrationHub.Core.Erasure;

/// <summary>What became of one citizen's breach letter: the delivery ledger's row (status, channel, language, attempts, when).</summary>
public sealed record LetterDelivery(string Status, string Channel, string Language, int Attempts, DateTimeOffset At);
