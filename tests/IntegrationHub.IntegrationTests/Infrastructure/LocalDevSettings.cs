using System.Text.Json.Nodes;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// The repository's local.settings.json as <c>./hub token</c> and <c>./hub demo</c> read it: the parts that decide who a
/// dev token is (audience, key, parties, their grants and limits), for a test host that must trust those tokens.
/// Run <c>./hub token</c> once first: on a fresh clone it creates the file (from the example) and the key.
/// </summary>
public static class LocalDevSettings
{
    private static readonly string[] Kept = ["AzureAd__ClientId", "Hub__Clients__", "Hub__Registries__", "Hub__Feeds__", "Hub__Access__"];

    public static Dictionary<string, string?> AsHubTokenSeesThem()
    {
        var values = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("local.settings.json")))!["Values"]!.AsObject();
        var settings = values
            .Where(v => Kept.Any(k => v.Key.StartsWith(k, StringComparison.Ordinal)))
            .ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value!.GetValue<string>());
        var keyFile = values["Auth__DevIssuer__KeyFile"]!.GetValue<string>();
        settings["Auth:DevIssuer:KeyFile"] = Path.IsPathRooted(keyFile) ? keyFile : RepoPaths.Combine(keyFile);
        return settings;
    }
}
