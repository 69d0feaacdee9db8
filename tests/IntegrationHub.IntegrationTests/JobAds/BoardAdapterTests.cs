using System.Text.Json.Nodes;
using IntegrationHub.Boards;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using IntegrationHub.StandIns;
using static IntegrationHub.StandIns.BoardStandIns;

namespace IntegrationHub.IntegrationTests.JobAds;

/// <summary>Each board adapter, with its resilience pipeline, against its fake board over real HTTP on loopback.</summary>
public sealed class BoardAdapterTests : IAsyncLifetime
{
    private BoardStandIns _boards = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _boards = await BoardStandIns.StartAsync();
        _services = Services(_boards.Settings());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _boards.DisposeAsync();
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        // The stand-ins are plain http on loopback: allowed in Development only (issue 15).
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" });
        services.AddHubBoards();
        return services.BuildServiceProvider();
    }

    private IBoardClient Client(string board) => _services.GetServices<IBoardClient>().Single(c => c.Board == board);

    private static BoardPublication Publication(string board, Action<JsonObject>? change = null, string? adId = null)
    {
        adId ??= IntegrationHub.Core.Kernel.HubIds.NewRandomId();
        var rendering = BoardRenderers.For(board).Render(adId, JobAdExamples.ForAllBoards(change));
        Assert.True(rendering.IsValid, string.Join("; ", rendering.Problems));
        return new BoardPublication(adId, rendering, null, JobAdDeliveryHandler.RequestId(adId, "publish", rendering.Hash));
    }

    // ------------------------------------------------------------ NAV

    [Fact]
    public async Task Nav_PageOf150Ads_GoesInBatchesOfAtMost100_WithTheBearerToken_AndIsSent()
    {
        // Arrange
        var items = Enumerable.Range(0, 150).Select(_ => Publication(BoardIds.Nav)).ToList();

        // Act
        var outcomes = await Client(BoardIds.Nav).PublishAsync(items, CancellationToken.None);

        // Assert: NAV answers one RECEIVED receipt per batch; each ad is "sent" until its admin status says more.
        Assert.All(outcomes, o => Assert.Equal(BoardOutcomeKind.Sent, o.Kind));
        Assert.Equal([100, 50], _boards["nav"].BatchSizes);
        Assert.Equal(150, _boards["nav"].Ads.Count);
        Assert.Equal(items.Select(i => i.AdId), outcomes.Select(o => o.BoardReference!));
        Assert.All(_boards["nav"].Requests, r => Assert.StartsWith($"/stillingsimport/api/v1/transfers/batch/{NavProvider}", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nav_SamePayloadAgain_IsSkippedByNav_AndStaysSent()
    {
        // Arrange
        var item = Publication(BoardIds.Nav);
        await Client(BoardIds.Nav).PublishAsync([item], CancellationToken.None);

        // Act
        var again = await Client(BoardIds.Nav).PublishAsync([item], CancellationToken.None);

        // Assert
        Assert.Equal(BoardOutcomeKind.Sent, again.Single().Kind);
        Assert.Equal(1, _boards["nav"].Ads[item.AdId].Writes);
    }

    [Fact]
    public async Task Nav_OneAdNavRefuses_FailsTheBatch_ButOnlyThatAdIsRejected()
    {
        // Arrange: an ad that skipped the hub's own NAV rules (a Norwegian workplace without postal code, county or
        // municipality), so NAV itself refuses it, and with it the whole batch.
        var adId = IntegrationHub.Core.Kernel.HubIds.NewRandomId();
        var rendering = new NavRenderer().Render(adId, JobAdExamples.ForAllBoards(j =>
            j["locations"] = new JsonArray(new JsonObject { ["address"] = "Et sted", ["country"] = "NO" })));
        Assert.False(rendering.IsValid);
        var bad = new BoardPublication(adId, rendering, null, "r1");

        // Act
        var outcome = await Client(BoardIds.Nav).PublishAsync([bad, Publication(BoardIds.Nav)], CancellationToken.None);

        // Assert: the stream route found the bad one; its neighbour got through.
        Assert.Equal(BoardOutcomeKind.Rejected, outcome[0].Kind);
        Assert.Contains("Location does not have postal code", outcome[0].Detail, StringComparison.Ordinal);
        Assert.Equal(BoardOutcomeKind.Sent, outcome[1].Kind);
        Assert.Contains(_boards["nav"].Requests, r => r.Method == "POST" && r.Path == $"/stillingsimport/api/v1/transfers/{NavProvider}");
        Assert.Single(_boards["nav"].Ads);
    }

    [Fact]
    public async Task Nav_AdminStatus_IsWaitingUntilNavProcessedTheAd_ThenActiveIsAccepted()
    {
        // Arrange
        _boards["nav"].HoldDecisions = true;
        var item = Publication(BoardIds.Nav);
        await Client(BoardIds.Nav).PublishAsync([item], CancellationToken.None);
        var check = new BoardWithdrawal(item.AdId, item.AdId, "c1");

        // Act
        var early = await Client(BoardIds.Nav).CheckAsync(check, CancellationToken.None);
        _boards["nav"].HoldDecisions = false;
        var later = await Client(BoardIds.Nav).CheckAsync(check, CancellationToken.None);

        // Assert
        Assert.Equal(BoardOutcomeKind.Waiting, early.Kind);
        Assert.Equal((BoardOutcomeKind.Accepted, "ACTIVE", item.AdId), (later.Kind, later.PublishStatus, later.BoardReference));
        Assert.Contains(_boards["nav"].Requests, r => r.Method == "GET" && r.Path == $"/stillingsimport/api/v1/adminstatus/{NavProvider}/{item.AdId}");
    }

    [Fact]
    public async Task Nav_AdminStatusRejected_IsRejectedWithNavsReason()
    {
        // Arrange
        _boards["nav"].RefuseWith = "DISCRIMINATING";
        var item = Publication(BoardIds.Nav);
        await Client(BoardIds.Nav).PublishAsync([item], CancellationToken.None);

        // Act
        var outcome = await Client(BoardIds.Nav).CheckAsync(new BoardWithdrawal(item.AdId, item.AdId, "c1"), CancellationToken.None);

        // Assert
        Assert.Equal((BoardOutcomeKind.Rejected, "REJECTED"), (outcome.Kind, outcome.PublishStatus));
        Assert.Equal("NAV: DISCRIMINATING", outcome.Detail);
    }

    [Fact]
    public async Task Nav_Withdraw_StopsTheAd_AndAnUnknownAdCountsAsGone()
    {
        // Arrange
        var item = Publication(BoardIds.Nav);
        await Client(BoardIds.Nav).PublishAsync([item], CancellationToken.None);

        // Act
        var stopped = await Client(BoardIds.Nav).WithdrawAsync(new BoardWithdrawal(item.AdId, item.AdId, "w1"), CancellationToken.None);
        var unknown = await Client(BoardIds.Nav).WithdrawAsync(new BoardWithdrawal(IntegrationHub.Core.Kernel.HubIds.NewRandomId(), null, "w2"), CancellationToken.None);

        // Assert
        Assert.Equal((BoardOutcomeKind.Accepted, BoardOutcomeKind.Accepted), (stopped.Kind, unknown.Kind));
        Assert.Equal("STOPPED", stopped.PublishStatus);
        Assert.False(_boards["nav"].Ads[item.AdId].Live);
        Assert.Contains(_boards["nav"].Requests, r => r.Method == "DELETE" && r.Path == $"/stillingsimport/api/v1/transfers/{NavProvider}/{item.AdId}");
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("other-provider")]
    public async Task Nav_RefusedCredentials_AreAConfigurationFault_NotARejection(string fault)
    {
        // Arrange: a token NAV did not sign (401), or one for another provider than the path's (403).
        var settings = _boards.Settings();
        settings["Hub:Boards:Nav:Token"] = fault == "wrong-secret"
            ? NavToken(NavProvider, System.Text.Encoding.UTF8.GetBytes("a secret that is not NAV's, long enough for HS256"))
            : NavToken(NavProvider + 1);
        using var services = Services(settings);
        var client = services.GetServices<IBoardClient>().Single(c => c.Board == BoardIds.Nav);

        // Act
        var outcome = (await client.PublishAsync([Publication(BoardIds.Nav)], CancellationToken.None)).Single();

        // Assert
        Assert.Equal(BoardOutcomeKind.Transient, outcome.Kind);
        Assert.True(outcome.ConfigurationFault);
        Assert.True(outcome.StaysOpen);
        Assert.Empty(_boards["nav"].Ads);
        Assert.DoesNotContain("ey", outcome.Detail, StringComparison.Ordinal); // no token echoed into the state
    }

    // ------------------------------------------------------------ Jobnet

    [Fact]
    public async Task Jobnet_Publish_CarriesARequestId_AndAnswersJobnetsId()
    {
        // Arrange
        var item = Publication(BoardIds.Jobnet);

        // Act
        var outcome = (await Client(BoardIds.Jobnet).PublishAsync([item], CancellationToken.None)).Single();

        // Assert: Jobnet sends a new ad to approval before it is published.
        Assert.Equal(BoardOutcomeKind.AwaitingApproval, outcome.Kind);
        Assert.StartsWith("JN-", outcome.BoardReference, StringComparison.Ordinal);
        Assert.Equal(item.RequestId, _boards["jobnet"].Requests.Single().RequestId);
    }

    [Fact]
    public async Task Jobnet_AnswerLostAfterTheAdWasCreated_RetryIsRefusedAsARepeat_AndIsNoFailureNorDuplicate()
    {
        // Arrange: Jobnet creates the ad, then the answer is lost (503); the retry carries the same request id.
        _boards["jobnet"].Script.Enqueue(Fault.UnavailableAfterCommit);
        var item = Publication(BoardIds.Jobnet);

        // Act
        var outcome = (await Client(BoardIds.Jobnet).PublishAsync([item], CancellationToken.None)).Single();

        // Assert
        Assert.Equal(BoardOutcomeKind.AwaitingApproval, outcome.Kind);
        Assert.Equal(1, _boards["jobnet"].Creations[item.AdId]);
        Assert.Equal(_boards["jobnet"].Ads.Values.Single().Key, outcome.BoardReference);
        var posts = _boards["jobnet"].Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(item.RequestId, p.RequestId));
    }

    [Fact]
    public async Task Jobnet_Update_IsAPutToJobnetsId_AndCloseWithdrawsIt()
    {
        // Arrange
        var first = Publication(BoardIds.Jobnet);
        var created = (await Client(BoardIds.Jobnet).PublishAsync([first], CancellationToken.None)).Single();
        var second = Publication(BoardIds.Jobnet, j => j["title"] = "Ny tittel", first.AdId) with { BoardReference = created.BoardReference };

        // Act
        var updated = (await Client(BoardIds.Jobnet).PublishAsync([second], CancellationToken.None)).Single();
        var closed = await Client(BoardIds.Jobnet).WithdrawAsync(new BoardWithdrawal(first.AdId, created.BoardReference, "close-1"), CancellationToken.None);

        // Assert
        Assert.Equal((BoardOutcomeKind.AwaitingApproval, BoardOutcomeKind.Accepted), (updated.Kind, closed.Kind));
        Assert.Contains(_boards["jobnet"].Requests, r => r.Method == "PUT" && r.Path == $"/api/jobads/{created.BoardReference}");
        Assert.Equal(1, _boards["jobnet"].Creations[first.AdId]);
        Assert.False(_boards["jobnet"].Ads[created.BoardReference!].Live);
    }

    [Fact]
    public async Task Jobnet_Check_WaitsWhileInApproval_ThenApprovedIsAccepted_OrRefusedIsRejected()
    {
        // Arrange
        _boards["jobnet"].HoldDecisions = true;
        var approvedAd = (await Client(BoardIds.Jobnet).PublishAsync([Publication(BoardIds.Jobnet)], CancellationToken.None)).Single();
        var pending = await Client(BoardIds.Jobnet).CheckAsync(new BoardWithdrawal("a", approvedAd.BoardReference, "c0"), CancellationToken.None);
        _boards["jobnet"].HoldDecisions = false;

        // Act
        var approved = await Client(BoardIds.Jobnet).CheckAsync(new BoardWithdrawal("a", approvedAd.BoardReference, "c1"), CancellationToken.None);
        _boards["jobnet"].RefuseWith = "Annoncen overholder ikke Jobnets retningslinjer";
        var refusedAd = (await Client(BoardIds.Jobnet).PublishAsync([Publication(BoardIds.Jobnet)], CancellationToken.None)).Single();
        var refused = await Client(BoardIds.Jobnet).CheckAsync(new BoardWithdrawal("b", refusedAd.BoardReference, "c2"), CancellationToken.None);

        // Assert
        Assert.Equal((BoardOutcomeKind.Waiting, "Processed"), (pending.Kind, pending.PublishStatus));
        Assert.Equal((BoardOutcomeKind.Accepted, "Publication"), (approved.Kind, approved.PublishStatus));
        Assert.Equal(BoardOutcomeKind.Rejected, refused.Kind);
        Assert.Equal("Jobnet: Annoncen overholder ikke Jobnets retningslinjer", refused.Detail);
    }

    // ------------------------------------------------------------ Finn.no

    [Fact]
    public async Task Finn_Publish_IsAcceptedWithFinnsCode()
    {
        // Arrange
        var item = Publication(BoardIds.Finn);

        // Act
        var outcome = (await Client(BoardIds.Finn).PublishAsync([item], CancellationToken.None)).Single();

        // Assert
        Assert.Equal(BoardOutcomeKind.Accepted, outcome.Kind);
        Assert.StartsWith("FINN", outcome.BoardReference, StringComparison.Ordinal);
        Assert.Equal($"/api/ads/{item.AdId}", _boards["finn"].Requests.Single().Path);
    }

    [Fact]
    public async Task Finn_BoardRefusingThePayload_IsRejectedWithItsReason_WithoutRetries()
    {
        // Arrange: a rendering that breaks Finn's rules reaches the fake only because this test skips the hub's check.
        var adId = IntegrationHub.Core.Kernel.HubIds.NewRandomId();
        var rendering = new FinnRenderer().Render(adId, JobAdExamples.ForAllBoards(j => j.Remove("contacts")));
        Assert.False(rendering.IsValid);

        // Act
        var outcome = (await Client(BoardIds.Finn).PublishAsync([new BoardPublication(adId, rendering, null, "r")], CancellationToken.None)).Single();

        // Assert
        Assert.Equal(BoardOutcomeKind.Rejected, outcome.Kind);
        Assert.Contains("contact", outcome.Detail, StringComparison.Ordinal);
        Assert.Single(_boards["finn"].Requests);
    }

    // EURES pulls from the hub (no adapter): see EuresPullTests.

    // ------------------------------------------------------------ resilience

    [Fact]
    public async Task TransientFailures_AreRetriedInsideTheCall()
    {
        // Arrange
        _boards["finn"].Script.Enqueue(Fault.Unavailable);
        _boards["finn"].Script.Enqueue(Fault.Unavailable);
        var item = Publication(BoardIds.Finn);

        // Act
        var outcome = (await Client(BoardIds.Finn).PublishAsync([item], CancellationToken.None)).Single();

        // Assert
        Assert.Equal(BoardOutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(3, _boards["finn"].Requests.Count);
    }

    [Fact]
    public async Task TooManyRequests_WaitsTheRetryAfterTheBoardAsksFor()
    {
        // Arrange
        _boards["finn"].Script.Enqueue(Fault.TooManyRequests);
        _boards["finn"].RetryAfterSeconds = 1;
        var item = Publication(BoardIds.Finn);

        // Act
        var outcome = (await Client(BoardIds.Finn).PublishAsync([item], CancellationToken.None)).Single();

        // Assert: the base delay is 20 ms; only Retry-After explains a second's wait.
        Assert.Equal(BoardOutcomeKind.Accepted, outcome.Kind);
        var requests = _boards["finn"].Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task BoardThatStaysDown_IsTransientAfterTheShortRetries()
    {
        // Arrange
        _boards["finn"].Down = true;

        // Act
        var outcome = (await Client(BoardIds.Finn).PublishAsync([Publication(BoardIds.Finn)], CancellationToken.None)).Single();

        // Assert: 1 call + 3 retries, then the queue's turn.
        Assert.Equal(BoardOutcomeKind.Transient, outcome.Kind);
        Assert.Equal(4, _boards["finn"].Requests.Count);
    }

    [Fact]
    public async Task Circuit_Random20PercentFaults_NeverOpens_AndEveryAdGetsThrough()
    {
        // Arrange
        _boards["finn"].TransientFaultRate = 0.2;
        _boards["finn"].TooManyRequestsOnly = false;
        _boards["finn"].RetryAfterSeconds = 0;
        var items = Enumerable.Range(0, 300).Select(_ => Publication(BoardIds.Finn)).ToList();

        // Act
        var outcomes = await Client(BoardIds.Finn).PublishAsync(items, CancellationToken.None);

        // Assert: 300 ads, ~375 calls, ~75 faults: the circuit (50 % over 30 s) never opens, the retries absorb them.
        // An ad faulted on all 4 tries (0.2^4 each: about one ad in two runs) is left to the queue's retry, so a few
        // may be transient. The board holds every accepted ad; a transient one may be there too, when its last try was
        // a 503 after the board had committed it (the queue's retry then finds it, idempotently).
        var accepted = items.Zip(outcomes).Where(p => p.Second.Kind == BoardOutcomeKind.Accepted).Select(p => p.First.AdId).ToList();
        Assert.DoesNotContain(outcomes, o => o.Detail == "circuit open");
        Assert.True(accepted.Count >= 295, string.Join(", ", outcomes.Where(o => o.Kind != BoardOutcomeKind.Accepted).Select(o => o.Detail)));
        Assert.All(outcomes.Where(o => o.Kind != BoardOutcomeKind.Accepted), o => Assert.Equal(BoardOutcomeKind.Transient, o.Kind));
        Assert.All(accepted, id => Assert.True(_boards["finn"].Ads.ContainsKey(id), $"accepted ad {id} is not on the board"));
        Assert.InRange(_boards["finn"].Ads.Count, accepted.Count, items.Count);
        Assert.Subset(items.Select(i => i.AdId).ToHashSet(), _boards["finn"].Ads.Keys.ToHashSet());
    }

    [Fact]
    public async Task Circuit_BoardDown_OpensAndStopsCallingTheBoard()
    {
        // Arrange
        _boards["nav"].Down = true;
        var client = Client(BoardIds.Nav);

        // Act: 20 pages, each 4 calls while the circuit is closed.
        var outcomes = new List<BoardOutcome>();
        for (var i = 0; i < 20; i++)
        {
            outcomes.AddRange(await client.PublishAsync([Publication(BoardIds.Nav)], CancellationToken.None));
        }

        // Assert
        Assert.All(outcomes, o => Assert.Equal(BoardOutcomeKind.Transient, o.Kind));
        Assert.Contains(outcomes, o => o.Detail == "circuit open");
        Assert.True(_boards["nav"].Requests.Count < 80, $"{_boards["nav"].Requests.Count} requests reached the board");
    }

    [Fact]
    public void Options_BadEndpoint_FailsAtStartNamingTheSetting()
    {
        // Arrange
        using var services = Services(new Dictionary<string, string?> { ["Hub:Boards:Finn:BaseUrl"] = "not a url", ["Hub:Boards:Nav:BaseUrl"] = "https://nav.example" });

        // Act
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BoardOptions>>().Value);

        // Assert
        Assert.Contains("Hub:Boards:Finn:BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Boards:Nav:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Boards:Nav:Token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NavProviderThatIsNoNumber_FailsAtStart()
    {
        // Arrange: NAV's routes read {providerId} as a number.
        using var services = Services(new Dictionary<string, string?>
        {
            ["Hub:Boards:Nav:BaseUrl"] = "https://nav.example/stillingsimport",
            ["Hub:Boards:Nav:Provider"] = "integrationhub",
            ["Hub:Boards:Nav:Token"] = "t",
        });

        // Act
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BoardOptions>>().Value);

        // Assert
        Assert.Contains("numeric provider id", error.Message, StringComparison.Ordinal);
    }
}
