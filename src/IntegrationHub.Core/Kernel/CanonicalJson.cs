using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Unicode;

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

    /// <summary>
    /// A property to write and its place in the document (the sort stays stable). Its name is read as the UTF-8 the
    /// document holds; only a name written with escapes (or not UTF-8) is decoded into <see cref="Name"/> (issue 18: a
    /// string per property).
    /// </summary>
    private readonly record struct Member(JsonProperty Property, string? Name, int Index)
    {
        public ReadOnlySpan<byte> Utf8 => JsonMarshal.GetRawUtf8PropertyName(Property);
    }

    /// <summary>Ordinal order of the names as UTF-16, as <see cref="string.CompareOrdinal(string, string)"/> sorted them.</summary>
    private static readonly Comparison<Member> ByName = (a, b) =>
        (a.Name is null && b.Name is null ? Utf16Order(a.Utf8, b.Utf8) : string.CompareOrdinal(a.Name ?? a.Property.Name, b.Name ?? b.Property.Name)) is var c && c != 0
            ? c
            : a.Index.CompareTo(b.Index);

    /// <summary>
    /// Compares two UTF-8 texts in the order of their UTF-16 code units. UTF-8 bytes sort as code points, which is UTF-16
    /// order except between U+E000-U+FFFF (lead bytes EE, EF) and characters beyond U+FFFF (lead bytes F0-F4; surrogates,
    /// D800-DBFF, in UTF-16): those two swap.
    /// </summary>
    private static int Utf16Order(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }
        var (x, y) = (a[common], b[common]);
        if (x >= 0xEE && y >= 0xEE && (x >= 0xF0) != (y >= 0xF0))
        {
            return x >= 0xF0 ? -1 : 1;
        }
        return x.CompareTo(y);
    }

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
                    var raw = JsonMarshal.GetRawUtf8PropertyName(property);
                    var name = raw.Contains((byte)'\\') || !Utf8.IsValid(raw) ? property.Name : null;
                    if (omit is null || (name is null ? !property.NameEquals(omit) : name != omit))
                    {
                        members[count] = new Member(property, name, count);
                        count++;
                    }
                }
                members.AsSpan(0, count).Sort(ByName);
                for (var i = 0; i < count; i++)
                {
                    if (members[i].Name is { } decoded)
                    {
                        writer.WritePropertyName(decoded);
                    }
                    else
                    {
                        writer.WritePropertyName(members[i].Utf8);
                    }
                    WriteElement(writer, members[i].Property.Value, null);
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
