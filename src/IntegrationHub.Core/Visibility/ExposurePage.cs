namespace IntegrationHub.Core.Visibility;

/// <summary>A page of exposures and where the next page starts (null at the end).</summary>
public sealed record ExposurePage(IReadOnlyList<Exposure> Items, string? Continuation);
