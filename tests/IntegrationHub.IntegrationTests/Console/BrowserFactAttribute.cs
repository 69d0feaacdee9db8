using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Console;

/// <summary>
/// A test that drives the system's Chromium with playwright-core (no browser download). Skipped, with the reason said
/// plainly, where Chromium or playwright-core is missing; .ci/run installs Chromium, npm ci installs playwright-core.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Debian's Chromium, or what HUB_CHROMIUM names (./hub sets it).</summary>
    public static string Chromium { get; } = Environment.GetEnvironmentVariable("HUB_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = $"browser test skipped: no Chromium at {Chromium} (apt-get install chromium chromium-driver)";
        }
        else if (!File.Exists(RepoPaths.Combine("node_modules", "playwright-core", "package.json")))
        {
            Skip = "browser test skipped: playwright-core is not installed (npm ci)";
        }
    }
}
