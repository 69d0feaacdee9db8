using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Core.Access;

/// <summary>
/// The Access capability's HTTP answers (the employer search page, a CV's access log) with the options the hosts answer
/// with fixed at build time: <see cref="JsonSerializerDefaults.Web"/> (camelCase, nulls written, the default encoder),
/// so the bytes stay those of the former anonymous objects (ADR 0038, update) and the serializer takes the generated
/// fast path, which a context built at run time with other options than its generated ones never does (ADR 0049).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CvSearchResults))]
[JsonSerializable(typeof(CvAccessLogPage))]
public sealed partial class AccessAnswerJson : JsonSerializerContext
{
}
