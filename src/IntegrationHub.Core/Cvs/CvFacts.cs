namespace IntegrationHub.Core.Cvs;

/// <summary>The searchable, non-identifying facts of a CV that later stages (visibility, search) build on.</summary>
public sealed record CvFacts
{
    public required string Registry { get; init; }
    public required string CvId { get; init; }
    public required string CitizenId { get; init; }
    public required int Version { get; init; }
    public required string Publication { get; init; }
    public required IReadOnlyList<string> OccupationCodes { get; init; }
    public required IReadOnlyList<string> Places { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    public required IReadOnlyList<string> Skills { get; init; }
    public required bool HasEmailOrPhone { get; init; }
    public required bool HasSpecialNeeds { get; init; }
    public DateTimeOffset? LastCitizenActivityAt { get; init; }
}
