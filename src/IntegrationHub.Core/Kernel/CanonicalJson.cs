using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace IntegrationHub.Core.Kernel;

/// <summary>
/// A canonical form of a JSON document: objects with their properties in ordinal order, no white space.
/// Two documents with the same content give the same bytes, so the same hash, whatever the sender's formatting.
/// </summary>
public static class CanonicalJson
{
    public static byte[] Write(JsonElement root, string? omitTopLevelProperty = null)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = true }))
        {
            WriteElement(writer, root, omitTopLevelProperty);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static string Hash(ReadOnlySpan<byte> canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical));

    private static void WriteElement(Utf8JsonWriter writer, JsonElement element, string? omit)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject()
                             .Where(p => omit is null || p.Name != omit)
                             .OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteElement(writer, property.Value, null);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(writer, item, null);
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
