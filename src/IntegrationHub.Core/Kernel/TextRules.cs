using System.Buffers;

namespace IntegrationHub.Core.Kernel;

/// <summary>
/// What text the hub accepts in any value it stores or renders (issue 15, docs/security.md "Values"). Refused:
/// C0 control characters (U+0000-U+001F) except tab, LF and CR in free text; the bidirectional overrides and isolates
/// (U+202A-U+202E, U+2066-U+2069), which make a renderer show text in another order than it is stored ("Trojan Source",
/// CVE-2021-42574); unpaired surrogates and the non-characters U+FFFE/U+FFFF, which XML 1.0 cannot hold
/// (https://www.w3.org/TR/xml/#charsets) and UTF-8 cannot encode.
/// </summary>
public static class TextRules
{
    public const string ControlCharacter = "control-character";
    public const string BidiControl = "bidi-control";
    public const string Unicode = "unicode";

    /// <summary>The rule the text breaks, or null when it is clean. Single-line text refuses tab, LF and CR too.</summary>
    public static string? Check(ReadOnlySpan<char> text, bool singleLine)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\u0020')
            {
                if (singleLine || c is not ('\t' or '\n' or '\r'))
                {
                    return ControlCharacter;
                }
            }
            else if (c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                return BidiControl;
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return Unicode;
                }
                i++;
            }
            else if (char.IsLowSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                return Unicode;
            }
        }
        return null;
    }

    /// <summary>Bytes that can start a refused character in UTF-8: C0 controls, E2 (the bidi controls), EF (U+FFFE/U+FFFF).</summary>
    private static readonly SearchValues<byte> Utf8Suspects = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), 0xE2, 0xEF]);

    /// <summary>
    /// <see cref="Check(ReadOnlySpan{char}, bool)"/> on text held as valid UTF-8 (which holds no surrogates), without
    /// decoding it: the same rule for the same text (issue 18: no string per value on the intake path).
    /// </summary>
    public static string? Check(ReadOnlySpan<byte> utf8, bool singleLine)
    {
        var i = 0;
        while (i < utf8.Length)
        {
            var next = utf8[i..].IndexOfAny(Utf8Suspects);
            if (next < 0)
            {
                return null;
            }
            i += next;
            var b = utf8[i];
            if (b < 0x20)
            {
                if (singleLine || b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
                {
                    return ControlCharacter;
                }
            }
            else if (i + 2 < utf8.Length)
            {
                var (b1, b2) = (utf8[i + 1], utf8[i + 2]);
                // U+202A-U+202E are E2 80 AA-AE, U+2066-U+2069 are E2 81 A6-A9; U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                if (b == 0xE2 && ((b1 == 0x80 && b2 is >= 0xAA and <= 0xAE) || (b1 == 0x81 && b2 is >= 0xA6 and <= 0xA9)))
                {
                    return BidiControl;
                }
                if (b == 0xEF && b1 == 0xBF && b2 is 0xBE or 0xBF)
                {
                    return Unicode;
                }
            }
            i++;
        }
        return null;
    }

    /// <summary>The message for a rule; never repeats the value.</summary>
    public static string Message(string rule) => rule switch
    {
        ControlCharacter => "must not hold control characters (tab, line feed and carriage return only in free text)",
        BidiControl => "must not hold bidirectional override or isolate characters (U+202A-U+202E, U+2066-U+2069)",
        _ => "must be valid Unicode text (no unpaired surrogates or non-characters)",
    };
}
