namespace IntegrationHub.Contracts.Cvs;

/// <summary>A postal address.</summary>
/// Personal data.
public sealed record Address
{
    /// Personal data.
    public string? Street { get; init; }

    /// Personal data.
    public string? PostalCode { get; init; }

    /// Personal data.
    public string? City { get; init; }

    /// Personal data.
    public string? Municipality { get; init; }

    /// <summary>The national municipality code (Norway's kommunenummer, Denmark's kommunekode, the CBS gemeentecode).</summary>
    /// Personal data.
    public string? MunicipalityCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    /// Personal data.
    public string? Country { get; init; }
}
