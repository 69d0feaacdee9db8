using System.Text.Json.Serialization;

namespace IntegrationHub.Core.Erasure;

/// <summary>
/// The Erasure capability's serializer context: the job as stored, the resume message and the outbound CvErased event.
/// The options are the ones every capability's context shares (ADR 0035), so nothing stored, queued or sent changes by a byte.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(CvErased))]
[JsonSerializable(typeof(ErasureJob))]
[JsonSerializable(typeof(ResumeErasure))]
public sealed partial class ErasureJson : JsonSerializerContext
{
}
