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
    /// The same types with the options the hosts answer HTTP with (<see cref="JsonSerializerDefaults.Web"/>: camelCase,
    /// nulls written), so an answer moved from an anonymous object to a record keeps its bytes (ADR 0038, update).
    /// </summary>
    public static AccessJson Answers { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
