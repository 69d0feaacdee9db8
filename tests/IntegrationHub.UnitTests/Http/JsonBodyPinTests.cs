using System.Text.Json;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.UnitTests.Http;

/// <summary>
/// Pins what the JSON body pipeline answers to each body of <see cref="JsonBodyCases"/>, to the byte: taken from the
/// pipeline before issue 18's allocation cuts, so the cuts change nothing a caller sees.
/// </summary>
public sealed class JsonBodyPinTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> Names() => [.. JsonBodyCases.All.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Check_Body_AnswersAsPinned(string name)
    {
        var actual = Answer(name);

        if (Environment.GetEnvironmentVariable("JSONBODY_PIN_DUMP") is { } dump)
        {
            File.AppendAllText(dump, JsonSerializer.Serialize(new[] { name, actual }) + "\n");
        }
        Assert.Equal(JsonBodyPins.Expected[name], actual);
    }

    internal static string Answer(string name)
    {
        var (document, problem) = JsonBody.Check(JsonBodyCases.All[name], JsonBodyCases.SingleLine);
        using (document)
        {
            return Render(document, problem);
        }
    }

    internal static string Render(JsonDocument? document, ObjectResult? problem) => problem is null
        ? "accepted " + document!.RootElement.GetRawText()
        : problem.StatusCode + " " + JsonSerializer.Serialize(problem.Value, Web);
}
