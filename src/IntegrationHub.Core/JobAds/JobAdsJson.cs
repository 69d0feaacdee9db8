using System.Text.Json.Serialization;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.JobAds.Eures;

namespace IntegrationHub.Core.JobAds;

/// <summary>
/// The JobAds capability's serializer context: the canonical ad, its answers and views, the per-board queue page, the
/// status event and the EURES responses. The options are the ones every capability's context shares (ADR 0035), so
/// nothing stored, queued or sent changes by a byte.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(JobAdDocument))]
[JsonSerializable(typeof(JobAdSubmitted))]
[JsonSerializable(typeof(JobAdView))]
[JsonSerializable(typeof(JobAdDeliveryPage))]
[JsonSerializable(typeof(JobAdStatusChanged))]
[JsonSerializable(typeof(EuresGetAllResponse))]
[JsonSerializable(typeof(EuresGetChangesResponse))]
[JsonSerializable(typeof(EuresGetDetailsResponse))]
public sealed partial class JobAdsJson : JsonSerializerContext
{
}
