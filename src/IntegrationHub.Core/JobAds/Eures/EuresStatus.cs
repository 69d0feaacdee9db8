namespace IntegrationHub.Core.JobAds.Eures;

// From NAV's EURES export (navikt/pam-eures-stilling-eksport, .../euresapi/ApiServiceModel.kt); see EuresJvReference.cs.

public static class EuresStatus
{
    public const string Active = "ACTIVE";
    public const string Closed = "CLOSED";
}
