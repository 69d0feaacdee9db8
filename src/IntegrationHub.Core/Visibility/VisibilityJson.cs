using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The Visibility capability's serializer context: the citizen's events and state as stored, and its outbound events.
/// The options are the ones every capability's context shares (ADR 0035), so nothing stored or sent changes by a byte.
/// HTTP answers go through <see cref="Answers"/>.
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
[JsonSerializable(typeof(CvVisibilityView))]
[JsonSerializable(typeof(CitizenEventResults))]
public sealed partial class VisibilityJson : JsonSerializerContext
{
    /// <summary>
    /// The HTTP answers, with the options the hosts answer with (<see cref="JsonSerializerDefaults.Web"/>) fixed at build
    /// time in <see cref="VisibilityAnswerJson"/> (ADR 0038 update, ADR 0049): the same bytes, on the generated fast path.
    /// </summary>
    public static VisibilityAnswerJson Answers => VisibilityAnswerJson.Default;
}
