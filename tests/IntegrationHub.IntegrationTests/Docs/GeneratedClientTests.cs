using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Docs;

/// <summary>
/// The OpenAPI document is one that real client generators can use: Kiota (the .NET tool pinned in
/// .config/dotnet-tools.json) generates a C# client from GET /api/openapi.json as served over HTTP, the client compiles
/// (tests/kiota-client), and it runs the quick start against this dev host: a CV, an event that makes it visible, an
/// employer's search and read, a withdrawal and its 404, the access log, a job ad and its board states.
/// </summary>
[Collection(DocsCollection.Name)]
public sealed class GeneratedClientTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan StepTimeout = DocsHost.StepTimeout;
    private DocsHost _docs = null!;

    private HubTestHost Host => _docs.Host;

    public async Task InitializeAsync() => _docs = await DocsHost.StartAsync(azurite, asHubTokenSeesThem: false);

    public async Task DisposeAsync() => await _docs.DisposeAsync();

    [Fact]
    public async Task KiotaClient_GeneratedFromTheServedDocument_CompilesAndRunsTheQuickStart()
    {
        // Arrange: the document as a client would fetch it.
        var folder = Directory.CreateTempSubdirectory("hub-openapi-").FullName;
        var document = Path.Combine(folder, "openapi.json");
        await File.WriteAllTextAsync(document, await Host.Client().GetStringAsync("api/openapi.json"));
        var project = RepoPaths.Combine("tests", "kiota-client");
        var generated = Path.Combine(project, "Generated");

        // Act: generate, build and run the client.
        ProcessRunner.Run("dotnet", ["tool", "restore"], RepoPaths.Root, StepTimeout);
        var generation = ProcessRunner.Run("dotnet", ["kiota", "generate", "--language", "CSharp", "--openapi", document, "--output", generated,
            "--namespace-name", "HubClient", "--class-name", "HubApiClient", "--exclude-backward-compatible", "--clean-output", "--log-level", "Warning"], RepoPaths.Root, StepTimeout);
        ProcessRunner.Run("dotnet", ["build", project, "--nologo", "-v", "quiet", "-clp:ErrorsOnly"], RepoPaths.Root, StepTimeout);
        var run = ProcessRunner.Run("dotnet", ["run", "--project", project, "--no-build", "--", Host.BaseAddress.ToString(), RepoPaths.Combine("contracts", "examples")], RepoPaths.Root, StepTimeout,
            new Dictionary<string, string>
            {
                ["HUB_TOKEN_REGISTRY"] = Host.Entra.Mint([HubRoles.CvSubmit], HubTestHost.NavRegistryClient),
                ["HUB_TOKEN_CONSENT"] = Host.Entra.Mint([HubRoles.ConsentWrite], HubTestHost.ConsentSourceClient),
                ["HUB_TOKEN_EMPLOYER"] = Host.Entra.Mint([HubRoles.CvRead], HubTestHost.EmployerClient, userObjectId: HubTestHost.EmployerUser),
                ["HUB_TOKEN_ADS"] = Host.Entra.Mint([HubRoles.JobAdSubmit], HubTestHost.RecruitmentSystemClient),
            });

        // Assert: Kiota read the document without an error, and every quick-start step passed in order.
        Assert.DoesNotContain("crit:", generation, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", generation, StringComparison.Ordinal);
        var steps = run.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["ok cv accepted", "ok visible"], steps.Take(2));
        Assert.StartsWith("ok found and read", steps[2], StringComparison.Ordinal);
        Assert.Equal("ok withdrawn 404", steps[3]);
        Assert.Matches(@"^ok access log [1-9]\d* entries$", steps[4]);
        Assert.Equal("ok ad True boards eures,finn,nav", steps[5]);
        Directory.Delete(folder, recursive: true);
    }
}
