namespace IntegrationHub.Core.Visibility;

/// <summary>GET /api/exposures: a page of the CVs employers could see in the window (while the fact held, when one is named), and the sealed continuation (null at the end).</summary>
public sealed record ExposureList(string Registry, DateTimeOffset From, DateTimeOffset To, string? Fact, IReadOnlyList<ExposureItem> Items, string? Continuation);
