namespace IntegrationHub.Contracts.Cvs;

/// <summary>A job the citizen has held.</summary>
public sealed record WorkExperience
{
    public required string Employer { get; init; }

    public required string Title { get; init; }

    public required DateOnly From { get; init; }

    /// <summary>Absent while the job lasts.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Free text, at most 4000 characters; may hold personal data.</summary>
    [PersonalData]
    public string? Description { get; init; }

    public OccupationCode? Occupation { get; init; }
}

/// <summary>A school, degree or programme.</summary>
public sealed record Education
{
    public required string Institution { get; init; }

    public string? Degree { get; init; }

    public string? Field { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Free text, at most 4000 characters; may hold personal data.</summary>
    [PersonalData]
    public string? Description { get; init; }
}

/// <summary>A course the citizen has taken.</summary>
public sealed record Course
{
    public required string Name { get; init; }

    public string? Provider { get; init; }

    public DateOnly? Completed { get; init; }
}

/// <summary>A certificate, authorisation or licence (other than driving licences).</summary>
public sealed record Certification
{
    public required string Name { get; init; }

    public string? Issuer { get; init; }

    public DateOnly? Issued { get; init; }

    public DateOnly? Expires { get; init; }
}

/// <summary>A language the citizen speaks or writes.</summary>
public sealed record LanguageSkill
{
    /// <summary>ISO 639-1 (or 639-3 where there is no two-letter code), lower case.</summary>
    public required string Code { get; init; }

    /// <summary>One of <see cref="CefrLevel"/>.</summary>
    public string? Spoken { get; init; }

    /// <summary>One of <see cref="CefrLevel"/>.</summary>
    public string? Written { get; init; }
}

/// <summary>A piece of software or a technology the citizen knows.</summary>
public sealed record ItSkill
{
    public required string Name { get; init; }

    /// <summary>One of <see cref="ItSkillLevel"/>.</summary>
    public string? Level { get; init; }
}

/// <summary>Unpaid work for an organisation.</summary>
public sealed record VolunteerWork
{
    public required string Organisation { get; init; }

    public string? Role { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Free text, at most 4000 characters; may hold personal data.</summary>
    [PersonalData]
    public string? Description { get; init; }
}
