using System.Text.Json;
using IntegrationHub.Core.Breach;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>report-filed's body: reference and filedAt, each broken field named; and the state machine's report-filed moves.</summary>
public sealed class ReportFiledParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Detected = Now.AddDays(-2);

    [Fact]
    public void Parse_ValidBody_ReferenceTrimmedAndTime()
    {
        using var body = JsonDocument.Parse("""{"reference":"  DT-2026-1  ","filedAt":"2026-12-04T10:00:00+01:00"}""");

        var (reference, filedAt, errors) = ReportFiledParser.Parse(body.RootElement, Now, TimeSpan.FromMinutes(5), Detected);

        Assert.Empty(errors);
        Assert.Equal("DT-2026-1", reference);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero), filedAt);
    }

    [Theory]
    [InlineData("[]", "/")]
    [InlineData("""{"filedAt":"2026-12-04T10:00:00Z"}""", "/reference")]
    [InlineData("""{"reference":7,"filedAt":"2026-12-04T10:00:00Z"}""", "/reference")]
    [InlineData("""{"reference":"A","filedAt":"2026-12-04"}""", "/filedAt")]
    [InlineData("""{"reference":"A","filedAt":"2026-12-05T02:00:00Z"}""", "/filedAt")]
    [InlineData("""{"reference":"A","filedAt":"2026-12-01T00:00:00Z"}""", "/filedAt")]
    [InlineData("""{"reference":"A","filedAt":"2026-12-04T10:00:00Z","x":1}""", "/x")]
    public void Parse_BadBody_NamesTheField(string json, string field)
    {
        using var body = JsonDocument.Parse(json);

        var (reference, _, errors) = ReportFiledParser.Parse(body.RootElement, Now, TimeSpan.FromMinutes(5), Detected);

        Assert.Null(reference);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Theory]
    [InlineData(BreachStatus.Completed, BreachStatus.Reported)]
    [InlineData(BreachStatus.Cancelled, BreachStatus.Reported)]
    [InlineData(BreachStatus.Draft, null)]
    [InlineData(BreachStatus.Running, null)]
    [InlineData(BreachStatus.Reported, null)]
    public void Next_ReportFiled_OnlyFromCompletedOrCancelled(string from, string? to) =>
        Assert.Equal(to, BreachService.Next(from, BreachService.Actions.ReportFiled));
}
