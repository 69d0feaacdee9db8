using System.Text.Json.Serialization;

namespace IntegrationHub.Core.Cvs;

/// <summary>
/// The Cvs capability's serializer context: its queue page and the findings stored with a CV. The options are the ones
/// every capability's context shares (ADR 0035): queue messages in flight and stored rows are read by other versions,
/// so they must stay byte for byte as the one central context wrote them.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(CvChangesPage))]
[JsonSerializable(typeof(CvSubmitted))]
[JsonSerializable(typeof(List<NationalIdFinding>))]
public sealed partial class CvsJson : JsonSerializerContext
{
}
