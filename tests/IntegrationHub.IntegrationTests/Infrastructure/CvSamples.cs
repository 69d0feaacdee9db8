using System.Text.Json.Nodes;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>CV payloads built from contracts/examples/cv.json.</summary>
public static class CvSamples
{
    private static readonly string Example = File.ReadAllText(RepoPaths.Combine("contracts", "examples", "cv.json"));

    public static JsonObject Cv(string? externalId = null, string? citizenId = null)
    {
        var cv = JsonNode.Parse(Example)!.AsObject();
        cv["externalId"] = externalId ?? "ext-" + Guid.NewGuid().ToString("N")[..12];
        cv["citizenId"] = citizenId ?? "cit-" + Guid.NewGuid().ToString("N")[..12];
        return cv;
    }

    public static StringContent Json(JsonNode node, string mediaType = "application/json") =>
        new(node.ToJsonString(), System.Text.Encoding.UTF8, mediaType);
}
