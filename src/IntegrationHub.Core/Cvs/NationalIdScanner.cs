using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IntegrationHub.Core.Cvs;

public enum NationalIdKind
{
    /// <summary>Norwegian fødselsnummer, D-number or H-number (11 digits, two mod-11 check digits).</summary>
    NorwegianFodselsnummer,

    /// <summary>Danish CPR number (DDMMYY-SSSS).</summary>
    DanishCpr,

    /// <summary>Dutch burgerservicenummer (9 digits, 11-test).</summary>
    DutchBsn,
}

/// <summary>A national ID number found in a CV.</summary>
/// <param name="Field">JSON pointer of the string that holds it. Never the number itself.</param>
public sealed record NationalIdFinding(string Field, NationalIdKind Kind);

/// <summary>
/// Finds national ID numbers where a CV should not have them: in any string of the document,
/// free text included. A candidate must stand alone (no letter or digit right next to it, not right
/// after an international dialling prefix such as "+47 ") and pass the number's own checks.
/// </summary>
public static partial class NationalIdScanner
{
    public const string Replacement = "[removed]";

    // Not glued to a letter or digit, and not the subscriber part of a phone number written "+47 ...".
    private const string Before = @"(?<![\p{L}\p{N}+])(?<!\+[0-9]{1,4}[ \u00A0.-]?)";
    private const string After = @"(?![\p{L}\p{N}])";
    private const int TimeoutMilliseconds = 1000;

    private static readonly int[] FodselsnummerWeights1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] FodselsnummerWeights2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    /// <summary>Every (field, kind) holding a national ID number, once each, in document order.</summary>
    public static IReadOnlyList<NationalIdFinding> Scan(JsonElement document)
    {
        var findings = new List<NationalIdFinding>();
        var seen = new HashSet<NationalIdFinding>();
        Walk(document, new StringBuilder(), findings, seen);
        return findings;
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

    /// <summary>The national ID numbers in a text, ordered by position, not overlapping.</summary>
    internal static List<(int Index, int Length, NationalIdKind Kind)> Detect(string text)
    {
        var detections = new List<(int Index, int Length, NationalIdKind Kind)>();
        if (text.Length < 9)
        {
            return detections;
        }
        Collect(FodselsnummerRegex(), text, NationalIdKind.NorwegianFodselsnummer, IsFodselsnummer, detections);
        Collect(CprRegex(), text, NationalIdKind.DanishCpr, IsCpr, detections);
        Collect(BsnRegex(), text, NationalIdKind.DutchBsn, IsBsn, detections);
        if (detections.Count > 1)
        {
            // The patterns need different digit counts, so they cannot overlap; sort for a left-to-right rewrite.
            detections.Sort((a, b) => a.Index.CompareTo(b.Index));
        }
        return detections;
    }

    private static void Collect(
        Regex regex,
        string text,
        NationalIdKind kind,
        Func<ReadOnlySpan<char>, bool> isValid,
        List<(int Index, int Length, NationalIdKind Kind)> detections)
    {
        Span<char> digits = stackalloc char[11];
        foreach (var match in regex.EnumerateMatches(text))
        {
            var count = 0;
            foreach (var c in text.AsSpan(match.Index, match.Length))
            {
                if (c is >= '0' and <= '9' && count < digits.Length)
                {
                    digits[count++] = c;
                }
            }
            if (isValid(digits[..count]))
            {
                detections.Add((match.Index, match.Length, kind));
            }
        }
    }

    private static void Walk(JsonElement element, StringBuilder path, List<NationalIdFinding> findings, HashSet<NationalIdFinding> seen)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var length = path.Length;
                    path.Append('/').Append(property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
                    Walk(property.Value, path, findings, seen);
                    path.Length = length;
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var length = path.Length;
                    path.Append('/').Append(index++);
                    Walk(item, path, findings, seen);
                    path.Length = length;
                }
                break;
            case JsonValueKind.String:
                Report(element.GetString()!, path, findings, seen);
                break;
            case JsonValueKind.Number:
                // Not where one belongs, but an 11-digit number is as telling as an 11-digit string.
                Report(element.GetRawText(), path, findings, seen);
                break;
            default:
                break;
        }
    }

    private static void Report(string text, StringBuilder path, List<NationalIdFinding> findings, HashSet<NationalIdFinding> seen)
    {
        foreach (var detection in Detect(text))
        {
            var finding = new NationalIdFinding(path.ToString(), detection.Kind);
            if (seen.Add(finding))
            {
                findings.Add(finding);
            }
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

    [GeneratedRegex(Before + @"[0-9]{6}[ \u00A0]?[0-9]{5}" + After, RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex FodselsnummerRegex();

    [GeneratedRegex(Before + @"[0-9]{6}[- \u00A0]?[0-9]{4}" + After, RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex CprRegex();

    [GeneratedRegex(Before + @"[0-9]{3}(?<sep>[. \u00A0]?)[0-9]{3}\k<sep>[0-9]{3}" + After, RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex BsnRegex();
}
