namespace IntegrationHub.Contracts.Cvs;

/// <summary>A postal address.</summary>
[PersonalData]
public sealed record Address
{
    [PersonalData]
    public string? Street { get; init; }

    [PersonalData]
    public string? PostalCode { get; init; }

    [PersonalData]
    public string? City { get; init; }

    [PersonalData]
    public string? Municipality { get; init; }

    /// <summary>The national municipality code (Norway's kommunenummer, Denmark's kommunekode, the CBS gemeentecode).</summary>
    [PersonalData]
    public string? MunicipalityCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    [PersonalData]
    public string? Country { get; init; }
}
