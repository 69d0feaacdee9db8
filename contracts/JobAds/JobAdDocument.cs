using IntegrationHub.Contracts.Cvs;

namespace IntegrationHub.Contracts.JobAds;

/// <summary>
/// The canonical job ad a recruitment system POSTs to <c>/api/jobads</c>; mirrors <c>contracts/schemas/jobad.schema.json</c>.
/// Close to NAV's import format; the hub renders it for each board in <see cref="Targets"/>.
/// </summary>
public sealed record JobAdDocument
{
    private readonly IReadOnlyList<JobAdContact> _contacts = [];

    /// <summary>The recruitment system's own id of the ad: one ad per (client, reference).</summary>
    public required string Reference { get; init; }

    /// <summary>Board ids: <c>nav</c>, <c>jobnet</c>, <c>finn</c>, <c>eures</c>.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    public required string Title { get; init; }

    public string? JobTitle { get; init; }

    /// <summary>Basic HTML; sanitised by the hub before any board sees it.</summary>
    public required string AdText { get; init; }

    public string? Language { get; init; }

    public required DateTimeOffset Published { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public required int Positions { get; init; }

    /// <summary>NAV's <c>SHOW_ALL</c> or <c>INTERNAL_NOT_SHOWN</c>.</summary>
    public string? Privacy { get; init; }

    public required JobAdEmployer Employer { get; init; }

    public required IReadOnlyList<JobAdLocation> Locations { get; init; }

    /// <summary>Never null: an absent list reads as empty (the source-generated reader sets absent members to null).</summary>
    public IReadOnlyList<JobAdContact> Contacts { get => _contacts; init => _contacts = value ?? []; }

    public DateOnly? ApplicationDue { get; init; }

    public string? ApplicationUrl { get; init; }

    /// <summary>permanent, temporary, seasonal, trainee, apprentice, freelance or other.</summary>
    public string? EngagementType { get; init; }

    /// <summary>fulltime or parttime.</summary>
    public string? Extent { get; init; }

    /// <summary>public or private.</summary>
    public string? Sector { get; init; }

    /// <summary>onsite, hybrid or remote (whether the work can be done from home).</summary>
    public string? Remote { get; init; }

    public required OccupationCode Occupation { get; init; }
}

public sealed record JobAdEmployer
{
    public string? Reference { get; init; }

    public required string Name { get; init; }

    /// <summary>Organisation number (Norwegian 9 digits, Danish CVR or Dutch KvK 8 digits).</summary>
    public required string Orgnr { get; init; }

    public string? Homepage { get; init; }
}

public sealed record JobAdLocation
{
    public string? Address { get; init; }

    public string? PostalCode { get; init; }

    public string? City { get; init; }

    public string? Municipality { get; init; }

    public string? County { get; init; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; init; }
}

public sealed record JobAdContact
{
    public required string Name { get; init; }

    public string? Title { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Role { get; init; }
}
