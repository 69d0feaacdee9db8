namespace IntegrationHub.Contracts.Cvs;

/// <summary>
/// An occupation in at least one of ESCO, ISCO-08 and STYRK08; the hub keeps the codes side by side.
/// </summary>
public sealed record OccupationCode
{
    /// <summary>ESCO occupation URI, e.g. <c>http://data.europa.eu/esco/occupation/...</c>.</summary>
    public string? Esco { get; init; }

    /// <summary>Four-digit ISCO-08 unit group.</summary>
    public string? Isco08 { get; init; }

    /// <summary>STYRK08: four digits, optionally followed by a two-digit extension (<c>2512</c>, <c>2512.01</c>).</summary>
    public string? Styrk08 { get; init; }

    /// <summary>A human-readable title, as the sender wrote it.</summary>
    public string? Label { get; init; }
}
