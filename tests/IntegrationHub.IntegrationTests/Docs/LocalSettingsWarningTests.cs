using System.Text.Json.Nodes;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Docs;

/// <summary>
/// ./hub up warns, one line per key, when local.settings.json lacks keys local.settings.example.json has (an older copy
/// lacks the token key, the harvester client, the OTEL interval), and starts anyway (tools/hub/missing-local-settings.mjs).
/// </summary>
public sealed class LocalSettingsWarningTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void OlderLocalSettings_MissingKeys_OneWarningLineEach_AndNoValues()
    {
        // Arrange: the example without three keys, as a copy made before they were added.
        var example = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("local.settings.example.json")))!.AsObject();
        var values = example["Values"]!.AsObject();
        string[] dropped = ["Hub__Tokens__SigningKey", "Hub__Clients__8__ClientId", "OTEL_METRIC_EXPORT_INTERVAL"];
        var signingKey = values["Hub__Tokens__SigningKey"]!.GetValue<string>();
        foreach (var key in dropped)
        {
            Assert.True(values.Remove(key), $"local.settings.example.json has no {key} any more: pick another key.");
        }
        var folder = Directory.CreateTempSubdirectory("hub-settings-");
        var older = Path.Combine(folder.FullName, "local.settings.json");
        File.WriteAllText(older, example.ToJsonString());

        try
        {
            // Act
            var output = ProcessRunner.Run("node", ["tools/hub/missing-local-settings.mjs", "local.settings.example.json", older], RepoPaths.Root, Timeout);

            // Assert: exactly one line per missing key, each naming it, and no value (the key itself is not printed).
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(dropped.Length, lines.Length);
            Assert.All(dropped, key => Assert.Single(lines, l => l.Contains($"\"{key}\"", StringComparison.Ordinal)));
            Assert.DoesNotContain(signingKey, output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void CurrentLocalSettings_NothingMissing_PrintsNothing()
    {
        // Act: the example compared with itself.
        var output = ProcessRunner.Run("node", ["tools/hub/missing-local-settings.mjs", "local.settings.example.json", "local.settings.example.json"], RepoPaths.Root, Timeout);

        // Assert
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public void HubUp_ChecksTheSettings_BeforeStartingAnything()
    {
        // Arrange
        var hub = File.ReadAllText(RepoPaths.Combine("hub"));

        // Act
        var up = hub[hub.IndexOf("cmd_up() {", StringComparison.Ordinal)..];

        // Assert: warned at ./hub up, after the copy is made, and never fatal.
        Assert.Contains("ensure_local_settings\n  warn_missing_local_settings\n", up, StringComparison.Ordinal);
        Assert.Contains("node tools/hub/missing-local-settings.mjs local.settings.example.json local.settings.json || true", hub, StringComparison.Ordinal);
    }
}
