namespace IntegrationHub.Contracts.Cvs;

/// <summary>A kind of job the citizen wants, and where.</summary>
public sealed record JobSought
{
    public required OccupationCode Occupation { get; init; }

    /// <summary>Where the citizen would work; at least one place when present.</summary>
    public IReadOnlyList<Place>? Places { get; init; }

    /// <summary>One of <see cref="WorkExtent"/>.</summary>
    public string? Extent { get; init; }

    /// <summary>Each one of <see cref="EngagementType"/>, no duplicates.</summary>
    public IReadOnlyList<string>? EngagementTypes { get; init; }
}

/// <summary>A place of work: a municipality, a county or a whole country.</summary>
public sealed record Place
{
    public string? MunicipalityCode { get; init; }

    public string? Municipality { get; init; }

    public string? County { get; init; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public required string Country { get; init; }
}
