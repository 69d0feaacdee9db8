namespace IntegrationHub.Core.JobAds.Eures;

// From NAV's EURES export (navikt/pam-eures-stilling-eksport, .../euresapi/ApiServiceModel.kt); see EuresJvReference.cs.

/// <summary>POST .../getDetails: reference -> details; unknown references are left out, as NAV's service does.</summary>
public sealed record EuresGetDetailsResponse(IReadOnlyDictionary<string, EuresJvDetails> Details);
