namespace IntegrationHub.Contracts.Cvs;

/// <summary>What the citizen needs at work. Stored, never shown to an employer.</summary>
/// Special-category data: never leaves to an employer.
public sealed record SpecialNeeds
{
    /// <summary>Free text, at most 2000 characters.</summary>
    /// Special-category data: never leaves to an employer.
    public string? WorkplaceAccommodations { get; init; }

    /// Special-category data: never leaves to an employer.
    public bool? HealthRelated { get; init; }
}
