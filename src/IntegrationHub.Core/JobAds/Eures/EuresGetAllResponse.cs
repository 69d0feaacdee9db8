namespace IntegrationHub.Core.JobAds.Eures;

// From NAV's EURES export (navikt/pam-eures-stilling-eksport, .../euresapi/ApiServiceModel.kt); see EuresJvReference.cs.

/// <summary>GET .../getAll: the vacancies pullable now.</summary>
public sealed record EuresGetAllResponse(IReadOnlyList<EuresJvReference> AllReferences);
