using System.Text;

namespace IntegrationHub.UnitTests.Http;

/// <summary>Bodies the JSON body pipeline refuses or accepts, each named; the single-line fields are those of <see cref="SingleLine"/>.</summary>
internal static class JsonBodyCases
{
    public static readonly IReadOnlySet<string> SingleLine = new HashSet<string>(StringComparer.Ordinal) { "/title", "/locations/*/city" };

    public static IReadOnlyDictionary<string, byte[]> All { get; } = Build();

    private static Dictionary<string, byte[]> Build()
    {
        var cases = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["bad utf-8"] = [.. "{\"summary\":\""u8, 0xC3, 0x28, .. "\"}"u8],
            ["overlong utf-8"] = [.. "{\"a\":\""u8, 0xC0, 0xAF, .. "\"}"u8],
            ["surrogate encoded in utf-8"] = [.. "{\"a\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8],
            ["byte order mark"] = [0xEF, 0xBB, 0xBF, .. "{}"u8],
            ["empty"] = [],
            ["white space only"] = Utf8("  \n "),
            ["truncated"] = Utf8("{\"externalId\": \"x\", "),
            ["trailing content"] = Utf8("{\"a\":1} x"),
            ["two values"] = Utf8("{} {}"),
            ["comment"] = Utf8("{/*x*/\"a\":1}"),
            ["trailing comma"] = Utf8("{\"a\":1,}"),
            ["raw control character in a string"] = Utf8("{\"a\":\"x\u0001\"}"),
            ["arrays 32 deep"] = Utf8(new string('[', 32) + new string(']', 32)),
            ["arrays 33 deep"] = Utf8(new string('[', 33) + new string(']', 33)),
            ["objects 33 deep"] = Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 33)) + "1" + new string('}', 33)),
            ["duplicate key"] = Utf8("{\"a\":1,\"b\":2,\"a\":3}"),
            ["duplicate key in an array item"] = Utf8("{\"x\":[{\"a\":1},{\"b\":1,\"b\":\"\\u0000\"}]}"),
            ["duplicate key written with an escape"] = Utf8("{\"a\":1,\"\\u0061\":2}"),
            ["duplicate non-ASCII key, one escaped"] = Utf8("{\"\u00e6\":1,\"\\u00e6\":2}"),
            ["duplicate key with a slash escaped"] = Utf8("{\"a/b\":1,\"a\\/b\":2}"),
            ["duplicate and bad text"] = Utf8("{\"t\":\"\\u0000\",\"a\":1,\"a\":2}"),
            ["many duplicates in one object"] = Utf8("{" + string.Join(",", Enumerable.Range(0, 25).Select(i => $"\"d\":{i}")) + "}"),
            ["escaped lone high surrogate"] = Utf8("{\"a\":\"\\ud800\"}"),
            ["escaped lone high surrogate at the end"] = Utf8("{\"a\":\"x\\ud800\"}"),
            ["escaped lone low surrogate"] = Utf8("{\"a\":\"x\\udc00y\"}"),
            ["escaped surrogates reversed"] = Utf8("{\"a\":\"\\udc00\\ud800\"}"),
            ["escaped high surrogate then a letter"] = Utf8("{\"a\":\"\\ud83dx\"}"),
            ["escaped control before a lone surrogate"] = Utf8("{\"a\":\"\\u0000\\ud800\"}"),
            ["escaped surrogate pair"] = Utf8("{\"a\":\"\\ud83d\\ude00 \ud83d\ude00\"}"),
            ["escaped lone surrogate in a key"] = Utf8("{\"\\ud800\":1,\"b\":\"\\u0000\"}"),
            ["escaped nul"] = Utf8("{\"a\":\"x\\u0000\"}"),
            ["escaped escape character"] = Utf8("{\"a\":\"\\u001b[31m\"}"),
            ["tab, line feed and carriage return in free text"] = Utf8("{\"a\":\"x\\ty\\nz\\r\",\"b\":\"\\u0009\"}"),
            ["control character in a key"] = Utf8("{\"a\\u0001\":{\"b\":\"\\u0000\"}}"),
            ["tab in a key"] = Utf8("{\"a\\tb\":1}"),
            ["bidi override escaped"] = Utf8("{\"a\":\"x\\u202ey\"}"),
            ["bidi override raw"] = Utf8("{\"a\":\"x\u202Ey\"}"),
            ["bidi isolate raw"] = Utf8("{\"a\":\"\u2066\"}"),
            ["bidi then control"] = Utf8("{\"a\":\"\u202A\\u0000\"}"),
            ["control then bidi"] = Utf8("{\"a\":\"\\u0000\u202A\"}"),
            ["bidi in a key"] = Utf8("{\"\u202E\":1}"),
            ["non-character U+FFFF escaped"] = Utf8("{\"a\":\"\\uffff\"}"),
            ["non-character U+FFFE raw"] = Utf8("{\"a\":\"x\uFFFE\"}"),
            ["neighbours of the refused characters"] = Utf8("{\"a\":\"\u2029\u202F\u2065\u206A\uFFFD\uFEFF\u2000 \u0080\u009f\"}"),
            ["pointer escapes in the path"] = Utf8("{\"a/b\":{\"c~d\":\"\\u0000\"}}"),
            ["errors in document order"] = Utf8("{\"z\":\"\\u0000\",\"a\":[\"ok\",\"\\u202e\"],\"m\":{\"n\":\"\\uffff\"}}"),
            ["string at the root"] = Utf8("\"\\u0000\""),
            ["array at the root"] = Utf8("[1,\"x\\u0000\",null,true]"),
            ["more than twenty bad strings"] = Utf8("{\"a\":[" + string.Join(",", Enumerable.Repeat("\"\\u0000\"", 25)) + "]}"),
            ["more than twenty bad keys in one object"] = Utf8("{" + string.Join(",", Enumerable.Range(0, 25).Select(i => $"\"k{i}\\u0001\":1")) + "}"),
            ["twenty errors then a duplicate"] = Utf8("{\"a\":[" + string.Join(",", Enumerable.Repeat("\"\\u0000\"", 20)) + "],\"o\":{\"d\":1,\"d\":2}}"),
            ["nineteen errors then duplicates"] = Utf8("{\"a\":[" + string.Join(",", Enumerable.Repeat("\"\\u0000\"", 19)) + "],\"o\":{\"d\":1,\"d\":2,\"d\":3},\"p\":{\"e\":1,\"e\":2}}"),
            ["single-line fields"] = Utf8("{\"title\":\"a\\tb\",\"locations\":[{\"city\":\"x\"},{\"city\":\"x\\ny\"}],\"text\":\"ok\\n\",\"other\":{\"title\":\"free\\r\"}}"),
            ["single-line field, tab before bidi"] = Utf8("{\"title\":\"\\t\\u202e\",\"text\":\"\\t\\u202e\"}"),
            ["valid object with escapes and numbers"] = Utf8("{\"n\":1e400,\"m\":-0.5,\"s\":\"\\\"\\\\\\/\\b\\f\\u00e6\u00f8\",\"b\":[true,false,null],\"o\":{}}"),
            ["valid object with escapes"] = Utf8("{\"s\":\"\\\"\\\\\\/\\u00e6\u00f8 \\u0041\",\"\\u00e6\":{\"k\\\"q\":[\"\\ud83d\\ude00\"]}}"),
            ["big number"] = Utf8("[123456789012345678901234567890]"),
            ["leading zero"] = Utf8("[01]"),
        };
        return cases;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
