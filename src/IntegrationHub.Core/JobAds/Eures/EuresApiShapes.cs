using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.JobAds.Eures;

// The EURES input API's JSON as NAV's export serves it (navikt/pam-eures-stilling-eksport,
// src/main/kotlin/.../euresapi/ApiServiceModel.kt): property names, the ACTIVE/CLOSED vocabulary, times as epoch
// milliseconds (UTC), a null closingTimestamp left out, content format version "1.3".

public static class EuresStatus
{
    public const string Active = "ACTIVE";
    public const string Closed = "CLOSED";
}

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

/// <summary>GET .../getAll: the vacancies pullable now.</summary>
public sealed record EuresGetAllResponse(IReadOnlyList<EuresJvReference> AllReferences);

/// <summary>GET .../getChanges/{timestamp}: changes since then, split as NAV splits them.</summary>
public sealed record EuresGetChangesResponse(
    IReadOnlyList<EuresJvReference> CreatedReferences,
    IReadOnlyList<EuresJvReference> ModifiedReferences,
    IReadOnlyList<EuresJvReference> ClosedReferences);

/// <summary>One vacancy's details: its HR-XML 3 PositionOpening as text in <see cref="Content"/>.</summary>
public sealed record EuresJvDetails(
    string Reference,
    string Source,
    [property: AllowedValues(EuresStatus.Active, EuresStatus.Closed)] string Status,
    string Content,
    [property: AllowedValues("1.3")] string ContentFormatVersion,
    long CreationTimestamp,
    long? LastModificationTimestamp,
    long? ClosingTimestamp);

/// <summary>POST .../getDetails: reference -> details; unknown references are left out, as NAV's service does.</summary>
public sealed record EuresGetDetailsResponse(IReadOnlyDictionary<string, EuresJvDetails> Details);
