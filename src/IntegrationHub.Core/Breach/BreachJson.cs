using System.Text.Json.Serialization;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// The Breach capability's serializer context: the campaign and its report, the delivery and dry-run queue messages,
/// the request to a registry, the stored counts and id lists. The options are the ones every capability's context
/// shares (ADR 0035), so nothing stored, queued or sent changes by a byte.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(BreachCampaign))]
[JsonSerializable(typeof(BreachReport))]
[JsonSerializable(typeof(BreachDeliveryPage))]
[JsonSerializable(typeof(RunBreachDryRun))]
[JsonSerializable(typeof(RegistryDeliveryRequest))]
[JsonSerializable(typeof(BreachCount[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(PageItem))]
[JsonSerializable(typeof(PageItem[]))]
public sealed partial class BreachJson : JsonSerializerContext
{
}
