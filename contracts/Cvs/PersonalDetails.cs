namespace IntegrationHub.Contracts.Cvs;

/// <summary>Who the citizen is and how to reach them. Left out when the CV is published anonymously.</summary>
[PersonalData]
public sealed record PersonalDetails
{
    [PersonalData]
    public required string GivenName { get; init; }

    [PersonalData]
    public required string FamilyName { get; init; }

    [PersonalData]
    public string? Email { get; init; }

    /// <summary>E.164-ish: an optional leading +, then 6 to 20 digits, spaces, parentheses or hyphens.</summary>
    [PersonalData]
    public string? Phone { get; init; }

    [PersonalData]
    public Address? Address { get; init; }

    [PersonalData]
    public DateOnly? DateOfBirth { get; init; }
}
