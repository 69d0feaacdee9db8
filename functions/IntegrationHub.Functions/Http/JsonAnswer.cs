using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Functions.Http;

/// <summary>
/// A 200 answer serialized by a capability's source-generated context (its <c>Answers</c> instance, with the hosts' own
/// options), not by the host's reflection-based formatter: the same bytes, and the record's metadata built at compile time.
/// </summary>
public static class JsonAnswer
{
    public static ContentResult Ok<T>(T value, JsonTypeInfo<T> type) => new()
    {
        Content = JsonSerializer.Serialize(value, type),
        ContentType = "application/json; charset=utf-8",
        StatusCode = StatusCodes.Status200OK,
    };
}
