namespace IntegrationHub.Contracts.Cvs;

/// <summary>Who the citizen is and how to reach them. Left out when the CV is published anonymously.</summary>
/// Personal data.
public sealed record PersonalDetails
{
    /// Personal data.
    public required string GivenName { get; init; }

    /// Personal data.
    public required string FamilyName { get; init; }

    /// Personal data.
    public string? Email { get; init; }

    /// <summary>E.164-ish: an optional leading +, then 6 to 20 digits, spaces, parentheses or hyphens.</summary>
    /// Personal data.
    public string? Phone { get; init; }

    /// Personal data.
    public Address? Address { get; init; }

    /// Personal data.
    public DateOnly? DateOfBirth { get; init; }
}
