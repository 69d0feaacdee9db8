using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.JobAds.Eures;

// From NAV's EURES export (navikt/pam-eures-stilling-eksport, .../euresapi/ApiServiceModel.kt); see EuresJvReference.cs.

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
