using System.Text;
using CsCheck;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.UnitTests.Hardening;

/// <summary>The UTF-8 overload of <see cref="TextRules.Check(ReadOnlySpan{byte}, bool)"/> gives the rule the text overload gives, for any text UTF-8 can hold.</summary>
public sealed class TextRulesUtf8Tests
{
    [Fact]
    public void Check_RandomText_SameRuleAsOnTheChars()
    {
        // Characters next to and inside every refused range, each a separate code point (no lone surrogates: UTF-8 cannot hold them).
        int[] around = [0x00, 0x08, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x41, 0xE6, 0x2029, 0x2029, 0x202A, 0x202C, 0x202E, 0x202F, 0x2065, 0x2066,
            0x2069, 0x206A, 0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x1F600, 0x10FFFF];
        var text = Gen.OneOf(Gen.OneOf(around.Select(Gen.Const).ToArray()), Gen.Int[0x20, 0x3000]).Array[0, 12]
            .Select(points => string.Concat(points.Select(char.ConvertFromUtf32)));

        Gen.Select(text, Gen.Bool).Sample((value, singleLine) =>
            Assert.Equal(TextRules.Check(value, singleLine), TextRules.Check(Encoding.UTF8.GetBytes(value), singleLine)), iter: 20_000, threads: 1);
    }

    [Theory]
    [InlineData("\u202E", TextRules.BidiControl)]
    [InlineData("x\u2069", TextRules.BidiControl)]
    [InlineData("\uFFFE", TextRules.Unicode)]
    [InlineData("a\tb", TextRules.ControlCharacter)]
    [InlineData("\u202D\u0000", TextRules.BidiControl)]
    [InlineData("\u0000\u202D", TextRules.ControlCharacter)]
    public void Check_Utf8WithARefusedCharacter_NamesItsRule(string value, string rule) =>
        Assert.Equal(rule, TextRules.Check(Encoding.UTF8.GetBytes(value), singleLine: true));
}
