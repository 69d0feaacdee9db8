using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Cvs;

/// <summary>
/// Finds national ID numbers where a CV should not have them: in any string of the document, free text included, in any
/// common writing: digits grouped by spaces (also no-break, thin and narrow no-break spaces), hyphens, dashes or dots,
/// with invisible characters (zero-width space, word joiner, soft hyphen) inside, or wrapped across a line break. A
/// candidate must stand alone (no letter or digit right next to it, not right after an international dialling prefix such
/// as "+47 "), be grouped as the number is written (see <see cref="Fits"/>), and pass the number's own checks.
/// </summary>
/// <remarks>
/// One pass, no regular expression: the text is read once into digit groups (a group ends at a visible separator), and
/// each group starts at most one candidate of at most 11 digits, so the work is linear in the text whatever it holds
/// (no backtracking; a gap longer than <see cref="MaxGap"/> characters ends a run of groups).
/// </remarks>
public static class NationalIdScanner
{
    public const string Replacement = "[removed]";

    /// <summary>Separator characters allowed between two digits of one number (more for a line break and its indent).</summary>
    private const int MaxGap = 3;
    private const int MaxWrapGap = 8;

    private static readonly int[] FodselsnummerWeights1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] FodselsnummerWeights2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    /// <summary>Where a CPR number may be split (after how many digits): 1203871234, 120387-1234, 12.03.87-1234.</summary>
    private static readonly int[][] CprGroupings = [[], [6], [2, 4, 6]];

    /// <summary>Where a BSN may be split: 123456782, 123 456 782, 1234.56.782.</summary>
    private static readonly int[][] BsnGroupings = [[], [3, 6], [4, 6]];

    /// <summary>Every (field, kind) holding a national ID number, once each, in document order.</summary>
    public static IReadOnlyList<NationalIdFinding> Scan(JsonElement document)
    {
        var scan = new DocumentScan();
        scan.Walk(document);
        return scan.Findings;
    }

    /// <summary>Replaces each national ID number in <paramref name="text"/> with "[removed]".</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var detections = Detect(text);
        if (detections.Count == 0)
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        var position = 0;
        foreach (var detection in detections)
        {
            result.Append(text, position, detection.Index - position).Append(Replacement);
            position = detection.Index + detection.Length;
        }
        return result.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>Digits written together: from the first digit to after the last, how many, and the first group of its run.</summary>
    private record struct Group(int Start, int End, int Digits, int RunStart);

    /// <summary>The national ID numbers in a text, ordered by position, not overlapping.</summary>
    internal static List<(int Index, int Length, NationalIdKind Kind)> Detect(ReadOnlySpan<char> text)
    {
        var detections = new List<(int Index, int Length, NationalIdKind Kind)>();
        if (text.Length < 9 || CountDigits(text) < 9)
        {
            return detections;
        }
        var groups = Groups(text);
        for (var i = 0; i < groups.Count;)
        {
            var found = Candidate(text, groups, i);
            if (found is { } hit)
            {
                detections.Add((groups[i].Start, groups[hit.Last].End - groups[i].Start, hit.Kind));
                i = hit.Last + 1;
            }
            else
            {
                i++;
            }
        }
        return detections;
    }

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            count += char.IsAsciiDigit(c) ? 1 : 0;
        }
        return count;
    }

    /// <summary>
    /// Splits the text into digit groups. Digits joined only by invisible characters, or by a line break (a wrap says
    /// nothing of how the number was grouped), stay in one group; a visible separator starts a new group of the same
    /// run; anything else, or a longer gap, starts a new run.
    /// </summary>
    private static List<Group> Groups(ReadOnlySpan<char> text)
    {
        var groups = new List<Group>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            var digits = i - start;
            if (groups.Count > 0 && Gap(text, groups[^1].End, start) is var gap && gap != GapKind.Break)
            {
                var previous = groups[^1];
                if (gap == GapKind.Joined)
                {
                    groups[^1] = previous with { End = i, Digits = previous.Digits + digits };
                    continue;
                }
                groups.Add(new Group(start, i, digits, previous.RunStart));
                continue;
            }
            groups.Add(new Group(start, i, digits, groups.Count));
        }
        return groups;
    }

    private enum GapKind { Joined, Boundary, Break }

    /// <summary>What lies between two digit sequences: nothing visible (joined), a visible separator (boundary), or other text (break).</summary>
    private static GapKind Gap(ReadOnlySpan<char> text, int from, int to)
    {
        var length = to - from;
        if (length > MaxWrapGap)
        {
            return GapKind.Break;
        }
        var visible = 0;
        var wrapped = false;
        for (var k = from; k < to; k++)
        {
            switch (Classify(text[k]))
            {
                case SeparatorKind.Invisible:
                    break;
                case SeparatorKind.LineBreak:
                    wrapped = true;
                    break;
                case SeparatorKind.Visible:
                    visible++;
                    break;
                default:
                    return GapKind.Break;
            }
        }
        if (wrapped)
        {
            return GapKind.Joined;
        }
        return length > MaxGap ? GapKind.Break : visible == 0 ? GapKind.Joined : GapKind.Boundary;
    }

    private enum SeparatorKind { None, Visible, Invisible, LineBreak }

    private static SeparatorKind Classify(char c) => c switch
    {
        '\n' or '\r' or '\u0085' or '\u2028' or '\u2029' => SeparatorKind.LineBreak,
        // Zero-width space, non-joiner, joiner, word joiner, byte-order mark, soft hyphen.
        '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' => SeparatorKind.Invisible,
        // Hyphen-minus, dot, hyphen, non-breaking hyphen, figure dash, en dash, minus sign.
        '-' or '.' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2212' => SeparatorKind.Visible,
        // Space, tab, no-break space, figure, thin, narrow no-break and the other typographic spaces.
        _ when c is ' ' or '\t' or '\u00A0' or '\u202F' or '\u205F' or '\u3000' or (>= '\u2000' and <= '\u200A') => SeparatorKind.Visible,
        _ => SeparatorKind.None,
    };

    /// <summary>The number starting at group <paramref name="first"/>, if any: the longest kind that fits (11, 10, then 9 digits).</summary>
    private static (int Last, NationalIdKind Kind)? Candidate(ReadOnlySpan<char> text, List<Group> groups, int first)
    {
        var runStart = groups[first].RunStart;
        if (first - runStart <= 1 && !StandsAloneBefore(text, groups, runStart, first))
        {
            return null;
        }
        Span<char> digits = stackalloc char[11];
        Span<int> splits = stackalloc int[10];
        var count = 0;
        var splitCount = 0;
        (int Last, NationalIdKind Kind)? best = null;
        for (var j = first; j < groups.Count && groups[j].RunStart == runStart; j++)
        {
            if (count + groups[j].Digits > digits.Length)
            {
                break;
            }
            if (j > first)
            {
                splits[splitCount++] = count;
            }
            foreach (var c in text.Slice(groups[j].Start, groups[j].End - groups[j].Start))
            {
                if (char.IsAsciiDigit(c))
                {
                    digits[count++] = c;
                }
            }
            var endsRun = j + 1 == groups.Count || groups[j + 1].RunStart != runStart;
            if (endsRun && groups[j].End < text.Length && char.IsLetterOrDigit(text[groups[j].End]))
            {
                continue;
            }
            var kind = Kind(digits[..count], splits[..splitCount]);
            if (kind is { } k)
            {
                best = (j, k);
            }
        }
        return best;
    }

    /// <summary>Not glued to a letter, and not the subscriber part of a phone number written "+47 ...".</summary>
    private static bool StandsAloneBefore(ReadOnlySpan<char> text, List<Group> groups, int runStart, int first)
    {
        var before = groups[runStart].Start - 1;
        if (before < 0)
        {
            return true;
        }
        var c = text[before];
        if (c == '+')
        {
            // "+4712345678" and "+47 12345678": the country code and the number after it are a phone number.
            return first != runStart && groups[runStart].Digits > 4;
        }
        return first != runStart || !char.IsLetterOrDigit(c);
    }

    /// <summary>The kind of number the digits are, written with visible separators after <paramref name="splits"/> digits.</summary>
    private static NationalIdKind? Kind(ReadOnlySpan<char> digits, ReadOnlySpan<int> splits) => digits.Length switch
    {
        11 when IsFodselsnummer(digits) => NationalIdKind.NorwegianFodselsnummer,
        10 when Fits(splits, CprGroupings) && IsCpr(digits) => NationalIdKind.DanishCpr,
        9 when Fits(splits, BsnGroupings) && IsBsn(digits) => NationalIdKind.DutchBsn,
        _ => null,
    };

    /// <summary>
    /// Whether the grouping is one the number is written in. A fødselsnummer's two check digits make any grouping safe; a
    /// CPR number has no check digit (dropped in 2007) and a BSN one weak test, so only their usual groupings count
    /// (DDMMYY-SSSS, DD.MM.YY-SSSS; 123 456 782, 1234.56.782), which keeps phone numbers such as 06-12345678 out.
    /// </summary>
    private static bool Fits(ReadOnlySpan<int> splits, int[][] allowed)
    {
        foreach (var pattern in allowed)
        {
            if (splits.SequenceEqual(pattern))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// One walk over a document. A field's path is built only when it holds a finding, and a string is read into a
    /// buffer only when its bytes hold nine digits (issue 18: a string per value and a path per property, for CVs
    /// that almost never hold a number).
    /// </summary>
    private sealed class DocumentScan
    {
        private readonly List<(JsonProperty Property, int Index)> _path = [];
        private HashSet<NationalIdFinding>? _seen;

        public List<NationalIdFinding> Findings { get; } = [];

        public void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _path.Add((property, -1));
                        Walk(property.Value);
                        _path.RemoveAt(_path.Count - 1);
                    }
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        _path.Add((default, index++));
                        Walk(item);
                        _path.RemoveAt(_path.Count - 1);
                    }
                    break;
                case JsonValueKind.String:
                    var raw = JsonStrings.Raw(element);
                    if (MayHoldANumber(raw))
                    {
                        char[]? rented = null;
                        Span<char> text = raw.Length <= 256 ? stackalloc char[raw.Length] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
                        Report(text[..JsonStrings.CopyText(element, text)]);
                        if (rented is not null)
                        {
                            ArrayPool<char>.Shared.Return(rented);
                        }
                    }
                    break;
                case JsonValueKind.Number:
                    // Not where one belongs, but an 11-digit number is as telling as an 11-digit string.
                    var number = JsonMarshal.GetRawUtf8Value(element);
                    if (MayHoldANumber(number))
                    {
                        // A number is ASCII: a byte is a char.
                        var digits = ArrayPool<char>.Shared.Rent(number.Length);
                        for (var i = 0; i < number.Length; i++)
                        {
                            digits[i] = (char)number[i];
                        }
                        Report(digits.AsSpan(0, number.Length));
                        ArrayPool<char>.Shared.Return(digits);
                    }
                    break;
                default:
                    break;
            }
        }

        /// <summary>
        /// Whether the text can hold a number: nine bytes and nine ASCII digits as written. Escapes never make a text
        /// longer or give it more digits than its bytes show ("\u0031" is one digit written with four), so a text that
        /// fails here is one <see cref="Detect"/> returns nothing for.
        /// </summary>
        private static bool MayHoldANumber(ReadOnlySpan<byte> raw)
        {
            if (raw.Length < 9)
            {
                return false;
            }
            var digits = 0;
            foreach (var b in raw)
            {
                if (b - (uint)'0' <= 9 && ++digits >= 9)
                {
                    return true;
                }
            }
            return false;
        }

        private void Report(ReadOnlySpan<char> text)
        {
            foreach (var detection in Detect(text))
            {
                var finding = new NationalIdFinding(Path(), detection.Kind);
                if ((_seen ??= []).Add(finding))
                {
                    Findings.Add(finding);
                }
            }
        }

        private string Path()
        {
            var path = new StringBuilder();
            foreach (var (property, index) in _path)
            {
                path.Append('/');
                if (index >= 0)
                {
                    path.Append(index);
                }
                else
                {
                    path.Append(property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
                }
            }
            return path.ToString();
        }
    }

    /// <summary>DDMMYY + 3 individual digits + 2 mod-11 check digits; D-numbers (day + 40) and H-numbers (month + 40) too.</summary>
    internal static bool IsFodselsnummer(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 11)
        {
            return false;
        }
        var day = Number(digits[..2]);
        var month = Number(digits[2..4]);
        var year = Number(digits[4..6]);
        if (day > 40)
        {
            day -= 40;
        }
        if (month > 40)
        {
            month -= 40;
        }
        return IsDate(day, month, year)
            && CheckDigit(digits[..9], FodselsnummerWeights1) == digits[9] - '0'
            && CheckDigit(digits[..10], FodselsnummerWeights2) == digits[10] - '0';
    }

    /// <summary>DDMMYY + 4 digits with a real calendar date. No modulus-11 test: it was dropped in 2007.</summary>
    internal static bool IsCpr(ReadOnlySpan<char> digits) =>
        digits.Length == 10 && IsDate(Number(digits[..2]), Number(digits[2..4]), Number(digits[4..6]));

    /// <summary>9 digits passing the 11-test: 9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11, not all zeros.</summary>
    internal static bool IsBsn(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 9)
        {
            return false;
        }
        var sum = 0;
        var allZero = true;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (digits[i] - '0');
            allZero &= digits[i] == '0';
        }
        sum -= digits[8] - '0';
        allZero &= digits[8] == '0';
        return !allZero && sum % 11 == 0;
    }

    /// <summary>k = 11 - (sum mod 11); 11 becomes 0; 10 means no valid check digit (-1).</summary>
    private static int CheckDigit(ReadOnlySpan<char> digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i] * (digits[i] - '0');
        }
        var k = 11 - (sum % 11);
        return k switch
        {
            11 => 0,
            10 => -1,
            _ => k,
        };
    }

    /// <summary>A real date in 19YY or 20YY (the century digit rules differ by country; either century will do).</summary>
    private static bool IsDate(int day, int month, int twoDigitYear) =>
        month is >= 1 and <= 12
        && day >= 1
        && (day <= DateTime.DaysInMonth(1900 + twoDigitYear, month) || day <= DateTime.DaysInMonth(2000 + twoDigitYear, month));

    private static int Number(ReadOnlySpan<char> digits) => ((digits[0] - '0') * 10) + (digits[1] - '0');
}
