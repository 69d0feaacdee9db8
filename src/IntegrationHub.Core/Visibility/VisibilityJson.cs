using System.Text.Json.Serialization;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The Visibility capability's serializer context: the citizen's events and state as stored, and its outbound events.
/// The options are the ones every capability's context shares (ADR 0035), so nothing stored or sent changes by a byte.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(CitizenEvent))]
[JsonSerializable(typeof(VisibilityState))]
[JsonSerializable(typeof(VisibilityInterval))]
[JsonSerializable(typeof(CvVisibilityChanged))]
[JsonSerializable(typeof(InactivityNotice))]
public sealed partial class VisibilityJson : JsonSerializerContext
{
}
