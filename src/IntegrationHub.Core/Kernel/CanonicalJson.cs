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
    /// <summary>One buffer and writer per thread, reused (issue 18: a CV grew a fresh buffer from 4 KB per request).</summary>
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _cached;

    public static byte[] Write(JsonElement root, string? omitTopLevelProperty = null)
    {
        var (buffer, writer) = _cached ??= NewWriter();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        WriteElement(writer, root, omitTopLevelProperty);
        writer.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 1024 * 1024)
        {
            _cached = null; // a rare huge document does not stay pinned to the thread
        }
        return bytes;
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(32 * 1024);
        return (buffer, new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = true }));
    }

    public static string Hash(ReadOnlySpan<byte> canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical));

    /// <summary>A property to write: its name read once, and its place in the document (the sort stays stable).</summary>
    private readonly record struct Member(string Name, int Index, JsonElement Value);

    private static readonly Comparison<Member> ByName = (a, b) =>
        string.CompareOrdinal(a.Name, b.Name) is var c && c != 0 ? c : a.Index.CompareTo(b.Index);

    private static void WriteElement(Utf8JsonWriter writer, JsonElement element, string? omit)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                // Sorted in a pooled array rather than through LINQ's OrderBy (fewer allocations per object; same order).
                var members = ArrayPool<Member>.Shared.Rent(element.GetPropertyCount());
                var count = 0;
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    if (omit is null || name != omit)
                    {
                        members[count] = new Member(name, count, property.Value);
                        count++;
                    }
                }
                members.AsSpan(0, count).Sort(ByName);
                for (var i = 0; i < count; i++)
                {
                    writer.WritePropertyName(members[i].Name);
                    WriteElement(writer, members[i].Value, null);
                }
                ArrayPool<Member>.Shared.Return(members, clearArray: true);
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
