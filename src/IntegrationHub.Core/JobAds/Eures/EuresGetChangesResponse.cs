namespace IntegrationHub.Core.JobAds.Eures;

// From NAV's EURES export (navikt/pam-eures-stilling-eksport, .../euresapi/ApiServiceModel.kt); see EuresJvReference.cs.

/// <summary>GET .../getChanges/{timestamp}: changes since then, split as NAV splits them.</summary>
public sealed record EuresGetChangesResponse(
    IReadOnlyList<EuresJvReference> CreatedReferences,
    IReadOnlyList<EuresJvReference> ModifiedReferences,
    IReadOnlyList<EuresJvReference> ClosedReferences);
