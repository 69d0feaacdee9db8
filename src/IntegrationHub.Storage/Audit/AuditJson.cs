using System.Text.Json.Serialization;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Breach;

namespace IntegrationHub.Storage.Audit;

/// <summary>The audit copy's records, written as the hub's other JSON is (camelCase, enums as strings, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AccessLogEntry))]
[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(LedgerEntry))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(DateTimeOffset))]
internal sealed partial class AuditJson : JsonSerializerContext
{
}
