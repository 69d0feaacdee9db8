using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds;

namespace IntegrationHub.UnitTests.JobAds;

/// <summary>Ads built from contracts/examples/jobad.json.</summary>
internal static class JobAdSamples
{
    public static readonly string ExampleText = File.ReadAllText(RepoPaths.Combine("contracts", "examples", "jobad.json"));

    public static JsonObject Json() => JsonNode.Parse(ExampleText)!.AsObject();

    /// <summary>The example as the hub stores it: parsed, sanitised, occupation completed, optionally changed first.</summary>
    public static JobAdDocument Ad(Action<JsonObject>? change = null)
    {
        var json = Json();
        change?.Invoke(json);
        var ad = JsonSerializer.Deserialize(json.ToJsonString(), JobAdsJson.Default.JobAdDocument)!;
        return ad with { AdText = AdTextSanitizer.Sanitize(ad.AdText), Occupation = OccupationMap.Instance.Complete(ad.Occupation) };
    }

    /// <summary>An ad every board takes: a workplace in Norway and one in Denmark.</summary>
    public static JobAdDocument ForAllBoards(Action<JsonObject>? change = null) => Ad(json =>
    {
        AllBoards(json);
        change?.Invoke(json);
    });

    public static void AllBoards(JsonObject json)
    {
        json["targets"] = new JsonArray("nav", "jobnet", "finn", "eures");
        json["locations"]!.AsArray().Add(new JsonObject { ["address"] = "Rådhuspladsen 1", ["postalCode"] = "1550", ["city"] = "København", ["country"] = "DK" });
    }
}
