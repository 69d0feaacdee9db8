using Microsoft.Extensions.Compliance.Classification;

namespace IntegrationHub.Contracts;

/// <summary>
/// The hub's data-classification taxonomy (Microsoft.Extensions.Compliance.Classification). The attributes mark the
/// contract members that carry personal data; the hosts' log redaction (Microsoft.Extensions.Compliance.Redaction,
/// set up in HubTelemetryServiceCollectionExtensions) erases every value so classified before it reaches a log record.
/// </summary>
public static class HubDataClassification
{
    public const string TaxonomyName = "IntegrationHub";

    /// <summary>Identifies or describes a person (GDPR art. 4(1)): names, contacts, address, free text, the citizen id.</summary>
    public static DataClassification PersonalData { get; } = new(TaxonomyName, nameof(PersonalData));

    /// <summary>Special categories (GDPR art. 9), such as health: never leaves to an employer, never logged.</summary>
    public static DataClassification SpecialCategoryData { get; } = new(TaxonomyName, nameof(SpecialCategoryData));
}

/// <summary>Personal data: erased from logs, never a telemetry attribute.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.Class, AllowMultiple = false)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(HubDataClassification.PersonalData);

/// <summary>Special-category data (GDPR art. 9): erased from logs, never leaves to an employer.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.Class, AllowMultiple = false)]
public sealed class SpecialCategoryDataAttribute() : DataClassificationAttribute(HubDataClassification.SpecialCategoryData);
