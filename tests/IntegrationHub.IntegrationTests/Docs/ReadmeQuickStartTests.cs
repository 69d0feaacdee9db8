using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Docs;

/// <summary>
/// The README's quick start, run as it is written: the bash block between <c>&lt;!-- quickstart:begin --&gt;</c> and
/// <c>&lt;!-- quickstart:end --&gt;</c> runs from the repository root against a dev host that trusts the same dev
/// issuer and client bindings <c>./hub token</c> uses (local.settings.json), with the boards' stand-ins. Every
/// <c># -&gt; text</c> line in the block must appear in the output, in order, after the command above it.
/// </summary>
[Collection(DocsCollection.Name)]
public sealed class ReadmeQuickStartTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Begin = "<!-- quickstart:begin -->";
    private const string End = "<!-- quickstart:end -->";
    private static readonly TimeSpan Timeout = DocsHost.StepTimeout;
    private DocsHost _docs = null!;

    private HubTestHost Host => _docs.Host;

    // The first token creates local.settings.json (from the example) and the dev issuer's key, as on a fresh clone.
    public async Task InitializeAsync() => _docs = await DocsHost.StartAsync(azurite, asHubTokenSeesThem: true);

    public async Task DisposeAsync() => await _docs.DisposeAsync();

    [Fact]
    public void QuickStartBlock_RunAsWritten_ReachesEveryCapability_AndPrintsWhatItPromises()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        var block = readme[(readme.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length)..readme.IndexOf(End, StringComparison.Ordinal)]
            .Replace("```bash", "", StringComparison.Ordinal).Replace("```", "", StringComparison.Ordinal);
        var expectations = block.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("# -> ", StringComparison.Ordinal)).Select(l => l["# -> ".Length..]).ToList();
        Assert.True(expectations.Count >= 8, $"only {expectations.Count} '# ->' lines in the README's quick start");

        var output = ProcessRunner.Run("bash", ["-euo", "pipefail", "-c", block], RepoPaths.Root, Timeout, new Dictionary<string, string> { ["HUB"] = Host.BaseAddress.ToString().TrimEnd('/') });

        var at = 0;
        foreach (var expected in expectations)
        {
            var found = output.IndexOf(expected, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"the quick start's output lacks '{expected}' after position {at}:\n{output}");
            at = found + expected.Length;
        }
    }
}
