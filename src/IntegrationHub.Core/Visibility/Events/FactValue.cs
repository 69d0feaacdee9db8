namespace IntegrationHub.Core.Visibility.Events;

/// <summary>A fact's value: a boolean, or (for publication) a word.</summary>
public sealed record FactValue(bool? Flag, string? Word = null);
