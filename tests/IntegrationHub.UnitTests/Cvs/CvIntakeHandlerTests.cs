using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Cvs;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.UnitTests.Cvs;

public sealed class CvIntakeHandlerTests
{
    private readonly InMemoryCvStore _store = new();
    private readonly CvIntakeHandler _handler;

    public CvIntakeHandlerTests() => _handler = new CvIntakeHandler(_store, TimeProvider.System, NullLogger<CvIntakeHandler>.Instance);

    private static JsonObject Example() => JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "cv.json")))!.AsObject();

    private Task<CvIntakeResult> Submit(JsonNode cv, int? ifMatch = null, string registry = "nav") =>
        _handler.SubmitAsync(new SubmitCv
        {
            Registry = registry,
            Document = JsonDocument.Parse(cv.ToJsonString()).RootElement,
            IfMatchVersion = ifMatch,
            CorrelationId = "test",
        }, CancellationToken.None);

    [Fact]
    public async Task Submit_NewCv_StoresVersion1WithRandomIdAndLeavesAChangeSignal()
    {
        var result = await Submit(Example());

        var stored = Assert.IsType<CvIntakeResult.Stored>(result);
        Assert.Equal("accepted", stored.Answer.Status);
        Assert.Equal(1, stored.Answer.Version);
        Assert.Matches("^[a-z2-7]{26}$", stored.Answer.CvId);
        Assert.Single(_store.Changes);
    }

    [Fact]
    public async Task Submit_SameContentReordered_IsUnchangedAndCommitsNothing()
    {
        var cv = Example();
        await Submit(cv);
        var reordered = new JsonObject(cv.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

        var result = await Submit(reordered);

        Assert.Equal("unchanged", Assert.IsType<CvIntakeResult.Stored>(result).Answer.Status);
        Assert.Equal(1, _store.Commits);
    }

    [Fact]
    public async Task Submit_VersionFieldOnly_DoesNotCountAsAChange()
    {
        var cv = Example();
        await Submit(cv);
        cv["version"] = 1;

        var result = await Submit(cv);

        Assert.Equal("unchanged", Assert.IsType<CvIntakeResult.Stored>(result).Answer.Status);
    }

    [Fact]
    public async Task Submit_ChangedContent_KeepsTheIdAndBumpsTheVersion()
    {
        var cv = Example();
        var first = (CvIntakeResult.Stored)await Submit(cv);
        cv["summary"] = "Ny tekst.";

        var second = Assert.IsType<CvIntakeResult.Stored>(await Submit(cv));

        Assert.Equal(first.Answer.CvId, second.Answer.CvId);
        Assert.Equal(2, second.Answer.Version);
    }

    [Fact]
    public async Task Submit_NamingAnOlderVersion_IsAVersionMismatchAndCommitsNothing()
    {
        var cv = Example();
        await Submit(cv);
        cv["summary"] = "To.";
        await Submit(cv);
        cv["summary"] = "Sen retry.";

        var result = await Submit(cv, ifMatch: 1);

        var mismatch = Assert.IsType<CvIntakeResult.VersionMismatch>(result);
        Assert.Equal((1, 2), (mismatch.NamedVersion, mismatch.StoredVersion));
        Assert.Equal(2, _store.Commits);
    }

    [Fact]
    public async Task Submit_LosingToConcurrentWritersOnce_RetriesAndSucceeds()
    {
        _store.LoseNextCommits = 1;

        var result = await Submit(Example());

        Assert.IsType<CvIntakeResult.Stored>(result);
        Assert.Equal(1, _store.Commits);
    }

    [Fact]
    public async Task Submit_LosingEveryTime_GivesUpAsContended()
    {
        _store.LoseNextCommits = 100;

        var result = await Submit(Example());

        Assert.IsType<CvIntakeResult.Contended>(result);
        Assert.Equal(0, _store.Commits);
    }

    [Fact]
    public async Task Submit_InvalidDocument_ReturnsEveryErrorAndTouchesNoStorage()
    {
        var cv = Example();
        cv.Remove("externalId");
        cv["publication"] = "x";

        var result = await Submit(cv);

        var invalid = Assert.IsType<CvIntakeResult.Invalid>(result);
        Assert.Contains(invalid.Errors, e => e.Field == "/externalId" && e.Rule == "required");
        Assert.Contains(invalid.Errors, e => e.Field == "/publication" && e.Rule == "enum");
        Assert.Empty(_store.Documents);
        Assert.Empty(_store.Changes);
    }

    [Fact]
    public async Task Submit_SameExternalIdFromAnotherRegistry_IsAnotherCv()
    {
        var cv = Example();
        var nav = (CvIntakeResult.Stored)await Submit(cv, registry: "nav");

        var jobnet = Assert.IsType<CvIntakeResult.Stored>(await Submit(cv, registry: "jobnet"));

        Assert.NotEqual(nav.Answer.CvId, jobnet.Answer.CvId);
        Assert.Equal("accepted", jobnet.Answer.Status);
    }
}
