using System.Text.Json;
using IntegrationHub.Contracts;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Hardening;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("plain text, æøå, 😀", false, null)]
    [InlineData("line one\nline two\r\n\tindented", false, null)]
    [InlineData("line one\nline two", true, TextRules.ControlCharacter)]
    [InlineData("tab\there", true, TextRules.ControlCharacter)]
    [InlineData("nul\u0000", false, TextRules.ControlCharacter)]
    [InlineData("escape\u001b[31m", false, TextRules.ControlCharacter)]
    [InlineData("override\u202Eevil", false, TextRules.BidiControl)]
    [InlineData("embedding\u202A", false, TextRules.BidiControl)]
    [InlineData("isolate\u2066x\u2069", false, TextRules.BidiControl)]
    [InlineData("non-character \uFFFE", false, TextRules.Unicode)]
    [InlineData("zero width\u200B joiner\u200D and LRM\u200E stay", false, null)]
    public void Check_Text_ReturnsTheRuleItBreaks(string text, bool singleLine, string? rule)
    {
        Assert.Equal(rule, TextRules.Check(text, singleLine));
    }

    /// <remarks>Built in code: xUnit's test-case serialization turns a lone surrogate in attribute data into U+FFFD.</remarks>
    [Fact]
    public void Check_UnpairedSurrogates_BreakTheUnicodeRule()
    {
        Assert.Equal(TextRules.Unicode, TextRules.Check("lone " + '\uD800' + " high", singleLine: false));
        Assert.Equal(TextRules.Unicode, TextRules.Check("lone " + '\uDC00' + " low", singleLine: false));
        Assert.Equal(TextRules.Unicode, TextRules.Check("high at the end " + '\uD83D', singleLine: false));
        Assert.Null(TextRules.Check("pair " + '\uD83D' + '\uDE00', singleLine: true));
    }

    [Fact]
    public void Message_EveryRule_NeverRepeatsTheValue()
    {
        foreach (var rule in new[] { TextRules.ControlCharacter, TextRules.BidiControl, TextRules.Unicode })
        {
            Assert.DoesNotContain("\u202E", TextRules.Message(rule), StringComparison.Ordinal);
            Assert.NotEmpty(TextRules.Message(rule));
        }
    }

    [Fact]
    public void SingleLineFields_JobAdSchema_AreTheLineFieldsIncludingNestedAndArrayOnes()
    {
        var fields = SingleLineFields.FromSchema("jobad.schema.json", "#/$defs/line");

        Assert.Contains("/title", fields);
        Assert.Contains("/jobTitle", fields);
        Assert.Contains("/employer/name", fields);
        Assert.Contains("/locations/*/address", fields);
        Assert.Contains("/locations/*/city", fields);
        Assert.Contains("/contacts/*/name", fields);
        Assert.DoesNotContain("/adText", fields);
    }

    [Fact]
    public void CitizenEventParser_Limits_AreTheSchemasMaxLengths()
    {
        using var schema = JsonDocument.Parse(Schemas.ReadText("citizen-event.schema.json"));
        var properties = schema.RootElement.GetProperty("properties");

        Assert.Equal(CitizenEventParser.MaxSourceLength, properties.GetProperty("source").GetProperty("maxLength").GetInt32());
        Assert.Equal(CitizenEventParser.MaxIdLength, properties.GetProperty("id").GetProperty("maxLength").GetInt32());
    }

    [Theory]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"urn:x\",\"type\":\"org.integrationhub.citizen.active\",\"subject\":\"c1\",\"time\":\"2026-01-01T00:00:00Z\",\"datacontenttype\":5}", "/datacontenttype", "type")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"urn:x\",\"type\":\"org.integrationhub.citizen.active\",\"subject\":{},\"time\":\"2026-01-01T00:00:00Z\"}", "/subject", "type")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":[1],\"source\":\"urn:x\",\"type\":\"org.integrationhub.citizen.active\",\"subject\":\"c1\",\"time\":\"2026-01-01T00:00:00Z\"}", "/id", "type")]
    public void CitizenEventParser_WrongTypedEnvelopeMember_IsRefusedNotThrown(string json, string field, string rule)
    {
        using var document = JsonDocument.Parse(json);

        var (parsed, errors) = CitizenEventParser.Parse(document.RootElement, "nav");

        Assert.Null(parsed);
        Assert.Contains(errors, e => e.Field == field && e.Rule == rule);
    }

    [Fact]
    public void CitizenEventParser_SourceOverTheSchemaLimit_IsRefusedWithMaxLength()
    {
        var json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"" + new string('s', 513) + "\",\"type\":\"org.integrationhub.citizen.active\",\"subject\":\"c1\",\"time\":\"2026-01-01T00:00:00Z\"}";
        using var document = JsonDocument.Parse(json);

        var (_, errors) = CitizenEventParser.Parse(document.RootElement, "nav");

        Assert.Contains(errors, e => e.Field == "/source" && e.Rule == "maxLength");
    }
}
