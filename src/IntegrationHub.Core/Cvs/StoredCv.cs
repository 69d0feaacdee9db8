namespace IntegrationHub.Core.Cvs;

/// <summary>A CV as the hub holds it: the index entry that points at the stored document.</summary>
public sealed record StoredCv
{
    public required string Registry { get; init; }
    public required string CvId { get; init; }
    public required string ExternalId { get; init; }
    public required string CitizenId { get; init; }
    public required int Version { get; init; }
    public required string ContentHash { get; init; }
    public required string DocumentName { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Where national ID numbers were found (field paths and kinds, never the numbers).</summary>
    public required IReadOnlyList<NationalIdFinding> NationalIdFindings { get; init; }

    /// <summary>
    /// The facts of this version, as its commit wrote them beside the entry (ADR 0051); only from
    /// <see cref="ICvStore.GetWithFactsAsync"/>, null elsewhere.
    /// </summary>
    public CvFacts? Facts { get; init; }

    /// <summary>The store's concurrency token for this entry.</summary>
    public string? ETag { get; init; }
}
