using System.Text;
using System.Text.Json;
using CsCheck;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.UnitTests.Cvs;

/// <summary>
/// Pins <see cref="NationalIdScanner.Scan"/> over whole documents (field paths, escapes, numbers, order, one finding per
/// field and kind) to the walk it had before issue 18's allocation cuts, kept below as <see cref="ReferenceScan"/>.
/// </summary>
public sealed class NationalIdScanPinTests
{
    private static readonly string Fodselsnummer = NationalIdScannerTests.Fnr(day: 12, month: 4, year: 87);
    private static readonly string Bsn = NationalIdScannerTests.Bsn(12_345_678);

    private static readonly string[] Samples =
    [
        // A fødselsnummer in free text, written with an escaped no-break space, in a key needing pointer escapes.
        $$"""{"a/b":[{"c~d":"født {{Fodselsnummer[..6]}}\u00a0{{Fodselsnummer[6..]}} i Oslo"}]}""",
        // Digits written as escapes, separators as escapes, a line wrapped with an escaped line feed.
        $$"""{"s":"nr \u0031{{Fodselsnummer[1..]}}.","t":"{{Bsn[..3]}}\u0020{{Bsn[3..6]}}\u0020{{Bsn[6..]}}","u":"{{Fodselsnummer[..5]}}\n   {{Fodselsnummer[5..]}}"}""",
        // The same number twice in one field, in two fields, and as a JSON number.
        $$"""{"x":"{{Fodselsnummer}} og {{Fodselsnummer}}","y":["{{Fodselsnummer}}",{{Fodselsnummer}},{{Bsn}}],"z":{{Bsn}}.0}""",
        // Escaped keys, non-ASCII text, a surrogate pair next to a number, and empty strings and containers.
        $$"""{"\u00e6\/":"😀 {{Fodselsnummer}} 😀","":"","e":{},"f":[],"g":null,"h":true,"i":"{{Bsn}}x"}""",
        // A number glued to letters, a phone number after +47, and text with many digits that are no number.
        $$"""{"p":"tlf +47 {{Bsn}}","q":"abc{{Fodselsnummer}}","r":"2019-01-01 til 2020-12-31, 1 2 3 4 5 6 7 8 9 0 1 2"}""",
    ];

    public static TheoryData<string> Documents() => [.. Samples];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Scan_Document_FindsWhatTheReferenceWalkFinds(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(ReferenceScan(document.RootElement), NationalIdScanner.Scan(document.RootElement));
    }

    [Fact]
    public void Scan_NumberBehindEscapesInAnEscapedKey_NamesThePointerAndTheKind()
    {
        using var document = JsonDocument.Parse(Samples[0]);

        var finding = Assert.Single(NationalIdScanner.Scan(document.RootElement));

        Assert.Equal(new NationalIdFinding("/a~1b/0/c~0d", NationalIdKind.NorwegianFodselsnummer), finding);
    }

    [Fact]
    public void Scan_RandomDocuments_FindsWhatTheReferenceWalkFinds()
    {
        // Strings built from digits, separators (raw and as JSON escapes), letters and numbers of every kind, in
        // objects and arrays whose keys need escapes too (CsCheck: a failure prints its seed and the smallest document).
        string[] pieces =
        [
            Fodselsnummer, Fodselsnummer[..6] + " " + Fodselsnummer[6..], Bsn, Bsn[..3] + "\\u00a0" + Bsn[3..], "1203871234", "120387-1234",
            "0", "12", "345", " ", "-", ".", "\\n", "\\u200b", "\\u2009", "\\u0031", "+47 ", "a", "æ", "\\u00f8", "😀", "\\ud83d\\ude00", "\\\"", "/", "~",
        ];
        var text = Gen.OneOf(pieces).Array[0, 12].Select(p => string.Concat(p));
        var key = Gen.OneOf(Gen.Const("a"), Gen.Const("a/b"), Gen.Const("c~d"), Gen.Const("\\u00e6"), Gen.Const("k\\/"), Gen.Const(""));
        var value = Gen.Recursive<string>((depth, self) => depth >= 3
            ? text.Select(t => $"\"{t}\"")
            : Gen.Frequency(
                (4, text.Select(t => $"\"{t}\"")),
                (1, Gen.OneOf(Gen.Const(Fodselsnummer), Gen.Const(Bsn), Gen.Const("1.5"), Gen.Const("true"), Gen.Const("null"))),
                (1, self.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
                (1, Gen.Select(key, self).Array[0, 4].Select(members =>
                    "{" + string.Join(",", members.Select((m, i) => $"\"{m.Item1}{i}\":{m.Item2}")) + "}"))));

        value.Sample(json =>
        {
            using var document = JsonDocument.Parse(json);
            Assert.Equal(ReferenceScan(document.RootElement), NationalIdScanner.Scan(document.RootElement));
        }, iter: 2000, threads: 1);
    }

    /// <summary>The walk as it was at main 14a5438: each string and number read whole, each path built as it goes.</summary>
    private static List<NationalIdFinding> ReferenceScan(JsonElement document)
    {
        var findings = new List<NationalIdFinding>();
        var seen = new HashSet<NationalIdFinding>();
        Walk(document, new StringBuilder());
        return findings;

        void Walk(JsonElement element, StringBuilder path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        var length = path.Length;
                        path.Append('/').Append(property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
                        Walk(property.Value, path);
                        path.Length = length;
                    }
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        var length = path.Length;
                        path.Append('/').Append(index++);
                        Walk(item, path);
                        path.Length = length;
                    }
                    break;
                case JsonValueKind.String:
                    Report(element.GetString()!, path);
                    break;
                case JsonValueKind.Number:
                    Report(element.GetRawText(), path);
                    break;
                default:
                    break;
            }
        }

        void Report(string text, StringBuilder path)
        {
            foreach (var detection in NationalIdScanner.Detect(text))
            {
                var finding = new NationalIdFinding(path.ToString(), detection.Kind);
                if (seen.Add(finding))
                {
                    findings.Add(finding);
                }
            }
        }
    }
}
