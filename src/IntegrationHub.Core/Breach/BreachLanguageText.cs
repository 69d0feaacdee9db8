namespace IntegrationHub.Core.Breach;

/// <summary>A campaign text as the letters in one language say it (the report lists consequences and measures so).</summary>
public sealed record BreachLanguageText(string Language, string Text);
