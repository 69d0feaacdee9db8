using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.JobAds;

/// <summary>Ads built from contracts/examples/jobad.json.</summary>
public static class JobAdExamples
{
    private static readonly string Example = File.ReadAllText(RepoPaths.Combine("contracts", "examples", "jobad.json"));

    /// <summary>The example, with a fresh reference, targeting every board (a workplace in Norway and one in Denmark).</summary>
    public static JsonObject Json(Action<JsonObject>? change = null)
    {
        var json = JsonNode.Parse(Example)!.AsObject();
        json["reference"] = "ats:" + Guid.NewGuid().ToString("N")[..12];
        json["targets"] = new JsonArray("nav", "jobnet", "finn", "eures");
        json["locations"]!.AsArray().Add(new JsonObject { ["address"] = "Rådhuspladsen 1", ["postalCode"] = "1550", ["city"] = "København", ["country"] = "DK" });
        var now = DateTimeOffset.UtcNow;
        json["published"] = now.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        json["expires"] = now.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        change?.Invoke(json);
        return json;
    }

    /// <summary>The ad as the hub stores it (sanitised, occupation completed).</summary>
    public static JobAdDocument ForAllBoards(Action<JsonObject>? change = null)
    {
        var ad = JsonSerializer.Deserialize(Json(change).ToJsonString(), JobAdsJson.Default.JobAdDocument)!;
        return ad with { AdText = AdTextSanitizer.Sanitize(ad.AdText), Occupation = OccupationMap.Instance.Complete(ad.Occupation) };
    }
}
