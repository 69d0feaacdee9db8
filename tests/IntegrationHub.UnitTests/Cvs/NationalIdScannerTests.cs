using System.Globalization;
using System.Text.Json;
using CsCheck;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.UnitTests.Cvs;

public sealed class NationalIdScannerTests
{
    // Numbers are computed with the published algorithms below, not typed from memory.
    private static readonly string Fodselsnummer = Fnr(day: 12, month: 4, year: 87);
    private static readonly string DNumber = Fnr(day: 12 + 40, month: 4, year: 87);
    private static readonly string HNumber = Fnr(day: 12, month: 4 + 40, year: 87);
    private static readonly string LeapDayFnr = Fnr(day: 29, month: 2, year: 0);

    [Fact]
    public void Generator_KnownWeights_ProducesNumbersThatPassBothChecks()
    {
        // Arrange
        var digits = Fodselsnummer.Select(c => c - '0').ToArray();

        // Act
        var sum1 = new[] { 3, 7, 6, 1, 8, 9, 4, 5, 2, 1 }.Select((w, i) => w * digits[i]).Sum();
        var sum2 = new[] { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1 }.Select((w, i) => w * digits[i]).Sum();

        // Assert: with the check digit weighted 1, a valid number sums to a multiple of 11.
        Assert.Equal(11, Fodselsnummer.Length);
        Assert.StartsWith("120487", Fodselsnummer, StringComparison.Ordinal);
        Assert.Equal(0, sum1 % 11);
        Assert.Equal(0, sum2 % 11);
    }

    public static TheoryData<string, NationalIdKind> Hits() => new()
    {
        { $"Fødselsnummeret mitt er {Fodselsnummer}, ring meg gjerne.", NationalIdKind.NorwegianFodselsnummer },
        { $"Fnr: {Fodselsnummer[..6]} {Fodselsnummer[6..]} (sendt til NAV)", NationalIdKind.NorwegianFodselsnummer },
        { $"D-nummer {DNumber} fra Skatteetaten.", NationalIdKind.NorwegianFodselsnummer },
        { $"H-nummer: {HNumber}.", NationalIdKind.NorwegianFodselsnummer },
        { $"Født på skuddårsdagen, {LeapDayFnr}.", NationalIdKind.NorwegianFodselsnummer },
        { Fodselsnummer, NationalIdKind.NorwegianFodselsnummer },
        { "Mit CPR-nummer er 120387-1234, hvis I skal bruge det.", NationalIdKind.DanishCpr },
        { "CPR 1203871234 til lønsedlen", NationalIdKind.DanishCpr },
        { "cpr.nr. 120387 1234", NationalIdKind.DanishCpr },
        { "Født 29. februar: 290200-4321.", NationalIdKind.DanishCpr },
        { "Mijn BSN is 111222333, zie bijlage.", NationalIdKind.DutchBsn },
        { "BSN: 123456782", NationalIdKind.DutchBsn },
        { "burgerservicenummer 123.456.782.", NationalIdKind.DutchBsn },
        { "(BSN 123 456 782)", NationalIdKind.DutchBsn },
        // Formerly a non-hit (the old pattern wanted one separator kind); a mixed writing is still a BSN (issue 14).
        { "BSN 123.456 782", NationalIdKind.DutchBsn },
    };

    // Issue 14: "010190-12480"-style and "111-222-333"-style writings, and every separator people and word processors use.
    private static readonly string Fnr010190 = Fnr(day: 1, month: 1, year: 90);

    public static TheoryData<string, NationalIdKind> SeparatedHits()
    {
        var f = Fnr010190;
        var bsn = Bsn(11122233); // "111222333": the issue's own example
        return new TheoryData<string, NationalIdKind>
        {
            { $"fnr {f[..6]}-{f[6..]}", NationalIdKind.NorwegianFodselsnummer },
            { $"fnr {f[..6]}.{f[6..]}", NationalIdKind.NorwegianFodselsnummer },
            { $"fnr {f[..6]}\u2009{f[6..]}", NationalIdKind.NorwegianFodselsnummer },
            { $"fnr {f[..6]}\u202F{f[6..]}", NationalIdKind.NorwegianFodselsnummer },
            { $"fnr {f[..6]}\u00A0{f[6..]}", NationalIdKind.NorwegianFodselsnummer },
            { $"fnr {f[..6]}\u2011{f[6..]}", NationalIdKind.NorwegianFodselsnummer },
            { $"fnr {f[..6]} - {f[6..]}", NationalIdKind.NorwegianFodselsnummer },
            { $"fnr {f[..3]}\u200B{f[3..]}", NationalIdKind.NorwegianFodselsnummer },
            { $"fnr {f[..2]}.{f[2..4]}.{f[4..6]} {f[6..9]} {f[9..]}", NationalIdKind.NorwegianFodselsnummer },
            { $"fødselsnummer {f[..7]}\n{f[7..]} (brutt over to linjer)", NationalIdKind.NorwegianFodselsnummer },
            { $"fødselsnummer {f[..6]}-\r\n    {f[6..]}", NationalIdKind.NorwegianFodselsnummer },
            { $"BSN {bsn[..3]}-{bsn[3..6]}-{bsn[6..]}", NationalIdKind.DutchBsn },
            { $"BSN {bsn[..3]}\u2009{bsn[3..6]}\u2009{bsn[6..]}", NationalIdKind.DutchBsn },
            { $"BSN {bsn[..4]}.{bsn[4..6]}.{bsn[6..]}", NationalIdKind.DutchBsn },
            { $"BSN {bsn[..5]}\u00AD{bsn[5..]}", NationalIdKind.DutchBsn },
            { $"BSN {bsn[..6]}\n{bsn[6..]}", NationalIdKind.DutchBsn },
            { "CPR 120387\u20131234", NationalIdKind.DanishCpr },
            { "CPR 12.03.87-1234", NationalIdKind.DanishCpr },
            { "CPR 120387\u00A01234", NationalIdKind.DanishCpr },
            { "CPR 12038\u200B71234", NationalIdKind.DanishCpr },
        };
    }

    [Theory]
    [MemberData(nameof(SeparatedHits))]
    public void Scan_NumberWrittenWithSeparators_FindsItsKind(string text, NationalIdKind kind)
    {
        // Arrange
        var document = Json(new { summary = text });

        // Act
        var findings = NationalIdScanner.Scan(document);

        // Assert
        Assert.Equal([new NationalIdFinding("/summary", kind)], findings);
    }

    [Theory]
    [MemberData(nameof(SeparatedHits))]
    public void Redact_NumberWrittenWithSeparators_LeavesNoDigitOfIt(string text, NationalIdKind kind)
    {
        // Act: the employer projection cleans every string with the scanner.
        var redacted = Core.Access.EmployerProjection.CleanText(text, anonymous: false);

        // Assert
        Assert.True(Enum.IsDefined(kind));
        Assert.Contains(NationalIdScanner.Replacement, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(redacted, char.IsAsciiDigit);
    }

    public static TheoryData<string> SeparatedNonHits()
    {
        var f = Fnr010190;
        var wrongFnr = f[..10] + (char)('0' + ((f[10] - '0' + 1) % 10));
        return new TheoryData<string>
        {
            // Wrong check digits, written with separators.
            $"fnr {wrongFnr[..6]}-{wrongFnr[6..]}",
            "BSN 111-222-334",
            "CPR 320190-1234",
            // A CPR number has no check digit: only its own groupings count.
            "Mobiel 06-12345678",
            "Tel. 06 1234 5678",
            "Ring 22 33 44 55 66",
            // Phone numbers with a country code, grouped.
            "Ring +47 912 34 567 eller +47\u00A0912\u00A034\u00A0567",
            "Bel +31 6 1234 5678",
            $"Telefon +47 {f[..6]} {f[6..]}",
            // Dates, times, periods, amounts.
            "Født 01.01.1990 kl. 12:30",
            "Periode 2019-01-15 - 2021-06-30",
            "01.01.90 - 31.12.99",
            "Omsetning 12 345 678 kr",
            // Too many digits in one group, glued to letters.
            $"ref{f[..6]}-{f[6..]}",
            $"{f[..6]}-{f[6..]}kr",
        };
    }

    [Theory]
    [MemberData(nameof(SeparatedNonHits))]
    public void Scan_SeparatedTextWithoutAValidNumber_FindsNothing(string text)
    {
        // Act
        var findings = NationalIdScanner.Scan(Json(new { summary = text }));

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void Scan_GeneratedNumbersInRandomWritings_FlagsValidOnesOnly()
    {
        // Numbers computed from their algorithms, written with generated separators; each also with one digit changed
        // (CsCheck: a failure prints its seed and the smallest failing writing).
        string[] separators = ["", " ", "-", ".", "\u2009", "\u202F", "\u00A0", "\u200B", "\n", "\u2011"];
        var writings =
            from day in Gen.Int[1, 28]
            from month in Gen.Int[1, 12]
            from year in Gen.Int[0, 99]
            from bsnStem in Gen.Int[10_000_000, 99_999_999]
            from sep in Gen.OneOf(separators)
            let fnr = Fnr(day: day, month: month, year: year)
            let bsn = Bsn(bsnStem)
            select ($"{fnr[..6]}{sep}{fnr[6..]}", $"{bsn[..3]}{sep}{bsn[3..6]}{sep}{bsn[6..]}");

        writings.Sample((fnrText, bsnText) =>
        {
            Assert.Equal(NationalIdKind.NorwegianFodselsnummer, Assert.Single(NationalIdScanner.Detect($"nr {fnrText}.")).Kind);
            Assert.Equal(NationalIdKind.DutchBsn, Assert.Single(NationalIdScanner.Detect($"nr {bsnText}.")).Kind);
            Assert.Empty(NationalIdScanner.Detect($"nr {fnrText[..^1]}{(char)('0' + ((fnrText[^1] - '0' + 1) % 10))}."));
        }, iter: 1000, threads: 1);
    }

    [Fact]
    public void Detect_LongAdversarialText_StaysLinear()
    {
        // Arrange: 100,000 digit groups in one run, the worst case for a backtracking pattern or a walk back per group
        // (quadratic work here takes minutes; one pass takes milliseconds).
        var text = string.Concat(Enumerable.Repeat("1 2-3.4\u200B5 6\n7 8 9 0 ", 12_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        // Act
        NationalIdScanner.Detect(text);

        // Assert: generous for a busy two-core machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Hits))]
    public void Scan_TextHoldingANumber_FindsItsKindAtTheField(string text, NationalIdKind kind)
    {
        // Arrange
        var document = Json(new { summary = "Ingenting her.", workExperience = new[] { new { description = text } } });

        // Act
        var findings = NationalIdScanner.Scan(document);

        // Assert
        Assert.Equal([new NationalIdFinding("/workExperience/0/description", kind)], findings);
    }

    public static TheoryData<string> NonHits() => new()
    {
        // Wrong check digits, impossible dates, failed 11-test.
        Fodselsnummer[..10] + (char)('0' + ((Fodselsnummer[10] - '0' + 1) % 10)),
        Fodselsnummer[..9] + (char)('0' + ((Fodselsnummer[9] - '0' + 1) % 10)) + Fodselsnummer[10],
        FnrIgnoringDate(day: 31, month: 2, year: 87),
        FnrIgnoringDate(day: 29, month: 2, year: 1),
        FnrIgnoringDate(day: 12, month: 13, year: 87),
        FnrIgnoringDate(day: 12 + 40, month: 4 + 40 + 40, year: 87),
        "Mit CPR-nummer er 320199-1234.",
        "CPR 0113871234",
        "CPR 290201-1234",
        "Mijn BSN is 123456789.",
        "BSN 000000000",
        // Standing inside something longer.
        $"Kundenummer {Fodselsnummer}7",
        $"ID{Fodselsnummer}",
        $"{Fodselsnummer}kr",
        "Kontonummer 123456789012",
        "Ordrenummer 1203871234567",
        "Ref. A111222333",
        // Phone numbers.
        "Ring meg på +47 12345678 eller +47 123 45 678.",
        "Tlf. +45 12 34 56 78",
        "Bel me: +31 6 12345678 of 06-12345678.",
        "Telefon +4712345678",
        $"Telefon +47 {Fodselsnummer}",
        "Ring +31 111222333",
        // Dates and ordinary numbers.
        "Ansatt fra 17.02.2021 til 2021-02-17, 17022021.",
        "Arbeidet 12.04.87 til 120487.",
        "Omsetning 1 234 567 kr, 40 timer i uka, postnummer 7030.",
    };

    [Theory]
    [MemberData(nameof(NonHits))]
    public void Scan_TextWithoutAValidStandaloneNumber_FindsNothing(string text)
    {
        // Arrange
        var document = Json(new { summary = text });

        // Act
        var findings = NationalIdScanner.Scan(document);

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void Scan_NumbersInSeveralFields_ReportsEachFieldAndKindOnce()
    {
        // Arrange
        var document = Json(new
        {
            externalId = "cv-1",
            summary = $"Fnr {Fodselsnummer}, også skrevet {Fodselsnummer[..6]} {Fodselsnummer[6..]}; CPR 120387-1234.",
            personalDetails = new { phone = "111222333" },
            drivingLicences = new[] { "B", DNumber },
            nested = new Dictionary<string, object> { ["a/b~c"] = new[] { new { note = "BSN 123.456.782" } } },
        });

        // Act
        var findings = NationalIdScanner.Scan(document);

        // Assert
        Assert.Equal(
            [
                new NationalIdFinding("/summary", NationalIdKind.NorwegianFodselsnummer),
                new NationalIdFinding("/summary", NationalIdKind.DanishCpr),
                new NationalIdFinding("/personalDetails/phone", NationalIdKind.DutchBsn),
                new NationalIdFinding("/drivingLicences/1", NationalIdKind.NorwegianFodselsnummer),
                new NationalIdFinding("/nested/a~1b~0c/0/note", NationalIdKind.DutchBsn),
            ],
            findings);
    }

    [Fact]
    public void Scan_NumberValue_IsScannedToo()
    {
        // Arrange: 11 digits that do not start with 0 can be a JSON number.
        var number = long.Parse(Fodselsnummer, CultureInfo.InvariantCulture);
        var document = Json(new { version = number });

        // Act
        var findings = NationalIdScanner.Scan(document);

        // Assert
        Assert.Equal([new NationalIdFinding("/version", NationalIdKind.NorwegianFodselsnummer)], findings);
    }

    [Fact]
    public void Scan_Findings_NeverHoldTheNumber()
    {
        // Arrange
        var document = Json(new { summary = $"Fnr {Fodselsnummer}" });

        // Act
        var finding = Assert.Single(NationalIdScanner.Scan(document));

        // Assert
        Assert.DoesNotContain(Fodselsnummer, finding.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cv.json")]
    [InlineData("cv-anonymous-dk.json")]
    [InlineData("cv-nl.json")]
    public void Scan_ExampleCv_FindsNothing(string fileName)
    {
        // Arrange
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.ContractsExamples, fileName)));

        // Act
        var findings = NationalIdScanner.Scan(document.RootElement);

        // Assert
        Assert.Empty(findings);
    }

    [Fact]
    public void Redact_TextWithNumbersOfEveryKind_ReplacesEachWithRemoved()
    {
        // Arrange
        var text = $"Fnr {Fodselsnummer}, D-nr {DNumber[..6]} {DNumber[6..]}, CPR 120387-1234, BSN 123.456.782 og 111222333. Tlf +47 12345678.";

        // Act
        var redacted = NationalIdScanner.Redact(text);

        // Assert
        Assert.Equal("Fnr [removed], D-nr [removed], CPR [removed], BSN [removed] og [removed]. Tlf +47 12345678.", redacted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ingen nummer her, bare 12.04.1987 og 123456789.")]
    [InlineData("CPR 320199-1234")]
    public void Redact_TextWithoutNumbers_ReturnsItUnchanged(string text)
    {
        // Act
        var redacted = NationalIdScanner.Redact(text);

        // Assert
        Assert.Equal(text, redacted);
    }

    [Fact]
    public void Redact_NumberAtBothEnds_ReplacesBoth()
    {
        // Act
        var redacted = NationalIdScanner.Redact($"{Fodselsnummer} og {HNumber}");

        // Assert
        Assert.Equal("[removed] og [removed]", redacted);
    }

    /// <summary>A valid fødselsnummer for the date: the first individual number whose check digits both exist.</summary>
    internal static string Fnr(int day, int month, int year)
    {
        for (var individual = 0; individual < 1000; individual++)
        {
            var number = WithCheckDigits(day, month, year, individual);
            if (number is not null)
            {
                return number;
            }
        }
        throw new InvalidOperationException("no valid individual number");
    }

    /// <summary>A BSN from 8 digits and the check digit the 11-test asks for (the next body when it would be 10).</summary>
    internal static string Bsn(int body)
    {
        for (; ; body++)
        {
            var digits = body.ToString("D8", CultureInfo.InvariantCulture);
            var sum = digits.Select((c, i) => (9 - i) * (c - '0')).Sum();
            if (sum % 11 < 10)
            {
                return digits + (char)('0' + (sum % 11));
            }
        }
    }

    /// <summary>Valid check digits on a date that may not exist.</summary>
    private static string FnrIgnoringDate(int day, int month, int year) => Fnr(day, month, year);

    private static string? WithCheckDigits(int day, int month, int year, int individual)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"{day:D2}{month:D2}{year:D2}{individual:D3}");
        var k1 = CheckDigit(body, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
        if (k1 is null)
        {
            return null;
        }
        var k2 = CheckDigit(body + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
        return k2 is null ? null : $"{body}{k1}{k2}";
    }

    private static int? CheckDigit(string digits, int[] weights)
    {
        var sum = weights.Select((w, i) => w * (digits[i] - '0')).Sum();
        var k = 11 - (sum % 11);
        return k switch { 11 => 0, 10 => null, _ => k };
    }

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);
}
