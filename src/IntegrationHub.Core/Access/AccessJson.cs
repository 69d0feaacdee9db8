using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Core.Access;

/// <summary>
/// The Access capability's serializer context: security alerts (outbound) and incidents (stored). The options are the
/// ones every capability's context shares (ADR 0035), so nothing stored or sent changes by a byte. HTTP answers go
/// through <see cref="Answers"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SecurityAlert))]
[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(CvSearchResults))]
[JsonSerializable(typeof(CvAccessLogPage))]
public sealed partial class AccessJson : JsonSerializerContext
{
    /// <summary>
    /// The HTTP answers, with the options the hosts answer with (<see cref="JsonSerializerDefaults.Web"/>) fixed at build
    /// time in <see cref="AccessAnswerJson"/> (ADR 0038 update, ADR 0049): the same bytes, on the generated fast path.
    /// </summary>
    public static AccessAnswerJson Answers => AccessAnswerJson.Default;
}
