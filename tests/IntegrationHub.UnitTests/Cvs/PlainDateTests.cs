using System.Globalization;
using System.Text.Json;
using IntegrationHub.Core.Kernel;
using Json.Schema;

namespace IntegrationHub.UnitTests.Cvs;

/// <summary>
/// The schema gate's fast date check (issue 18) may only accept what JSON Schema's <c>date</c> format, as JsonSchema.Net
/// checks it, accepts: the gate and the full validator must agree (CompiledSchemaDifferentialTests).
/// </summary>
public sealed class PlainDateTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void IsPlainDate_EveryDayFrom1899To2101AndTheEdgeYears_AlsoAcceptedByTheLibrarysDateFormat()
    {
        var days = Enumerable.Range(0, (int)(new DateTime(2102, 1, 1) - new DateTime(1899, 1, 1)).TotalDays).Select(d => new DateTime(1899, 1, 1).AddDays(d))
            .Concat([new DateTime(1, 1, 1), new DateTime(4, 2, 29), new DateTime(9999, 12, 31), new DateTime(2000, 2, 29)]);
        foreach (var day in days)
        {
            var element = Json($"\"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"");

            Assert.True(JsonSchemaValidator.IsPlainDate(element), day.ToString("O", CultureInfo.InvariantCulture));
            Assert.True(Formats.Date.Validate(element, out _), day.ToString("O", CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("\"2024-02-30\"")]
    [InlineData("\"2023-02-29\"")]
    [InlineData("\"1900-02-29\"")]
    [InlineData("\"0000-01-01\"")]
    [InlineData("\"2024-13-01\"")]
    [InlineData("\"2024-00-10\"")]
    [InlineData("\"2024-01-00\"")]
    [InlineData("\"2024-1-01\"")]
    [InlineData("\"2024/01/01\"")]
    [InlineData("\"+2024-01-1\"")]
    [InlineData("\"2024-01-01T00:00:00Z\"")]
    [InlineData("\"\\u0032024-01-01\"")]
    [InlineData("\"not-a-date\"")]
    [InlineData("20240101")]
    [InlineData("null")]
    public void IsPlainDate_AnythingElse_LeavesItToTheFullCheck(string json)
    {
        Assert.False(JsonSchemaValidator.IsPlainDate(Json(json)));
    }
}
