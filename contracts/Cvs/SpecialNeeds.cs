namespace IntegrationHub.Contracts.Cvs;

/// <summary>What the citizen needs at work. Stored, never shown to an employer.</summary>
[SpecialCategoryData]
public sealed record SpecialNeeds
{
    /// <summary>Free text, at most 2000 characters.</summary>
    [SpecialCategoryData]
    public string? WorkplaceAccommodations { get; init; }

    [SpecialCategoryData]
    public bool? HealthRelated { get; init; }
}
