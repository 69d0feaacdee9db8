namespace IntegrationHub.Core.Breach;

/// <summary>The letter languages a campaign holds, and the one a citizen without a letter in theirs receives.</summary>
public sealed record BreachLettersView(string Fallback, IReadOnlyList<string> Languages);
