using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.JobAds.Eures;

// The EURES input API's JSON as NAV's export serves it (navikt/pam-eures-stilling-eksport,
// src/main/kotlin/.../euresapi/ApiServiceModel.kt): property names, the ACTIVE/CLOSED vocabulary, times as epoch
// milliseconds (UTC), a null closingTimestamp left out, content format version "1.3".

/// <summary>One vacancy in getAll and getChanges.</summary>
public sealed record EuresJvReference(
    long CreationTimestamp,
    long LastModificationTimestamp,
    long? ClosingTimestamp,
    string Reference,
    string Source,
    [property: AllowedValues(EuresStatus.Active, EuresStatus.Closed)] string Status)
{
    public static EuresJvReference Of(EuresVacancy v) => new(
        v.Created.ToUnixTimeMilliseconds(),
        v.LastModified.ToUnixTimeMilliseconds(),
        v.Closed?.ToUnixTimeMilliseconds(),
        v.Reference,
        v.Client,
        v.Active ? EuresStatus.Active : EuresStatus.Closed);
}
