namespace IntegrationHub.Core.Cvs;

/// <summary>A national ID number found in a CV.</summary>
/// <param name="Field">JSON pointer of the string that holds it. Never the number itself.</param>
public sealed record NationalIdFinding(string Field, NationalIdKind Kind);
