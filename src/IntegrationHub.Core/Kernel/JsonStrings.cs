using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace IntegrationHub.Core.Kernel;

/// <summary>
/// A JSON string value read into a caller's buffer instead of a new string (issue 18: the intake's checks read every
/// string of a CV once each, and a string per value was most of what they allocated). Each reads the text exactly as
/// <see cref="JsonElement.GetString"/> does and refuses what it refuses (InvalidOperationException: an escaped lone
/// surrogate, bytes that are not UTF-8).
/// </summary>
public static class JsonStrings
{
    /// <summary>The value's bytes as the document holds them, escapes and all, without the quotes. Never longer than its text in UTF-8 or UTF-16.</summary>
    public static ReadOnlySpan<byte> Raw(JsonElement value) => JsonMarshal.GetRawUtf8Value(value)[1..^1];

    /// <summary>Whether the value is written with escapes (then its text differs from <see cref="Raw"/>).</summary>
    public static bool IsEscaped(ReadOnlySpan<byte> raw) => raw.Contains((byte)'\\');

    /// <summary>The text as UTF-16 into <paramref name="destination"/> (at least <see cref="Raw"/>'s length); the number of chars written.</summary>
    public static int CopyText(JsonElement value, Span<char> destination)
    {
        var raw = Raw(value);
        if (!IsEscaped(raw))
        {
            return Utf8.ToUtf16(raw, destination, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
                ? written
                : throw new InvalidOperationException("The JSON string is not valid UTF-8.");
        }
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(value));
        reader.Read();
        return reader.CopyString(destination);
    }

    /// <summary>The text as UTF-8 into <paramref name="destination"/> (at least <see cref="Raw"/>'s length); the number of bytes written.</summary>
    public static int CopyUtf8(JsonElement value, Span<byte> destination)
    {
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(value));
        reader.Read();
        return reader.CopyString(destination);
    }
}
