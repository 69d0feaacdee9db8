using System.Text.Json.Serialization;

namespace IntegrationHub.Core.Access;

/// <summary>
/// The Access capability's serializer context: security alerts (outbound) and incidents (stored). The options are the
/// ones every capability's context shares (ADR 0035), so nothing stored or sent changes by a byte.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SecurityAlert))]
[JsonSerializable(typeof(Incident))]
public sealed partial class AccessJson : JsonSerializerContext
{
}
