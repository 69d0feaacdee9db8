namespace IntegrationHub.Contracts.Cvs;

/// <summary>
/// A citizen's CV as a registry POSTs it; mirrors <c>contracts/schemas/cv.schema.json</c>.
/// Property names are camelCased by the serializer options.
/// </summary>
public sealed record CvDocument
{
    /// <summary>The registry's own id of this CV.</summary>
    public required string ExternalId { get; init; }

    /// <summary>Registry-scoped citizen id; never a national ID number.</summary>
    [PersonalData]
    public required string CitizenId { get; init; }

    /// <summary>The version the sender believes it is updating (optimistic concurrency); 1 or more.</summary>
    public int? Version { get; init; }

    /// <summary>The citizen's preferred language, one of <see cref="PreferredLanguage"/>.</summary>
    public string? Language { get; init; }

    [PersonalData]
    public required PersonalDetails PersonalDetails { get; init; }

    /// <summary>Free text, at most 4000 characters; may hold personal data.</summary>
    [PersonalData]
    public string? Summary { get; init; }

    public IReadOnlyList<WorkExperience>? WorkExperience { get; init; }

    public IReadOnlyList<Education>? Education { get; init; }

    public IReadOnlyList<Course>? Courses { get; init; }

    public IReadOnlyList<Certification>? Certifications { get; init; }

    public IReadOnlyList<LanguageSkill>? Languages { get; init; }

    public IReadOnlyList<ItSkill>? ItSkills { get; init; }

    /// <summary>Licence classes, each one of <see cref="DrivingLicenceClass"/>, no duplicates.</summary>
    public IReadOnlyList<string>? DrivingLicences { get; init; }

    public IReadOnlyList<VolunteerWork>? VolunteerWork { get; init; }

    /// <summary>At most 20 wishes.</summary>
    public IReadOnlyList<JobSought>? JobsSought { get; init; }

    /// <summary>One of <see cref="Cvs.Publication"/>: anonymous (without personal details) or open.</summary>
    public required string Publication { get; init; }

    [SpecialCategoryData]
    public SpecialNeeds? SpecialNeeds { get; init; }

    /// <summary>When the citizen last logged in or otherwise acted on the CV.</summary>
    [PersonalData]
    public DateTimeOffset? LastCitizenActivityAt { get; init; }
}
