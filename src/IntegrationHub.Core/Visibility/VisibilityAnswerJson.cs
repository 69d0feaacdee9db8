using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The Visibility capability's HTTP answers (a CV's visibility, the consent-event results) with the options the hosts
/// answer with fixed at build time: <see cref="JsonSerializerDefaults.Web"/> (camelCase, nulls written, so the facts'
/// unknowns are null, the default encoder), the bytes of the former anonymous objects (ADR 0038, update), on the
/// generated fast path (ADR 0049).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CvVisibilityView))]
[JsonSerializable(typeof(CitizenEventResults))]
public sealed partial class VisibilityAnswerJson : JsonSerializerContext
{
}
