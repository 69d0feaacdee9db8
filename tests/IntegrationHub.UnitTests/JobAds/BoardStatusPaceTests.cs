using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.JobAds;

/// <summary>
/// A board with a status pace of its own: NAV asks for "a delay of 1 hour or more before requesting status again"
/// (navikt/pam-import-api docs/index.md, "Ad preview and status"). The hub asks no sooner, however the page arrives.
/// </summary>
public sealed class BoardStatusPaceTests
{
    private const string Client = "ats";
    private static readonly TimeSpan Pace = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryJobAdStore _store = new();
    private readonly PacedBoard _board = new();
    private readonly JobAdIntakeHandler _intake;
    private readonly JobAdDeliveryHandler _handler;

    public BoardStatusPaceTests()
    {
        _intake = new JobAdIntakeHandler(_store, _clock, NullLogger<JobAdIntakeHandler>.Instance);
        _handler = new JobAdDeliveryHandler(_store, [_board], _clock, Options.Create(new JobAdOptions()), NullLogger<JobAdDeliveryHandler>.Instance);
    }

    private async Task<string> SubmitAsync()
    {
        var json = JobAdSamples.Json();
        json["targets"] = new System.Text.Json.Nodes.JsonArray("nav");
        using var document = System.Text.Json.JsonDocument.Parse(json.ToJsonString());
        var result = await _intake.SubmitAsync(new SubmitJobAd { Client = Client, Document = document.RootElement, CorrelationId = "c" }, CancellationToken.None);
        return Assert.IsType<JobAdIntakeResult.Stored>(result).Answer.AdId;
    }

    private static JobAdDeliveryPage Page(string adId) =>
        new() { MessageId = "m", CorrelationId = "c", Client = Client, Board = BoardIds.Nav, AdIds = [adId] };

    private BoardDelivery State(string adId) => _store.States[(adId, BoardIds.Nav)];

    [Fact]
    public async Task ReceivedAd_OnAPacedBoard_IsSignalledForItsFirstQuestionOnePaceLater()
    {
        // Arrange
        var adId = await SubmitAsync();
        _store.Signals.Clear();

        // Act
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);

        // Assert: received, no question yet, the signal waits one pace.
        Assert.Equal(DeliveryStatus.Sent, State(adId).Status);
        Assert.Equal(0, _board.Questions);
        Assert.DoesNotContain((BoardIds.Nav, adId), _store.Signals);
        Assert.Equal(_clock.GetUtcNow() + Pace, _store.Deferred[(BoardIds.Nav, adId)]);
    }

    [Fact]
    public async Task PageRedeliveredBeforeThePace_DoesNotAskTheBoard_AndDefersToThePace()
    {
        // Arrange: received at 09:00.
        var adId = await SubmitAsync();
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);
        _store.Deferred.Clear();
        _clock.Advance(TimeSpan.FromMinutes(59));

        // Act: a page about the ad arrives early (a redelivery, a repeated signal).
        await _handler.HandleAsync(Page(adId), 2, CancellationToken.None);

        // Assert
        Assert.Equal(0, _board.Questions);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero), _store.Deferred[(BoardIds.Nav, adId)]);
    }

    [Fact]
    public async Task UndecidedAd_AfterThePace_IsAskedOnce_ThenWaitsAnotherPace_WithoutARetry()
    {
        // Arrange
        var adId = await SubmitAsync();
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);
        _clock.Advance(Pace);
        _board.Check = BoardOutcome.Waiting("NAV has not processed the ad yet");

        // Act: no JobAdDeliveryRetryException, so the queue does not ask again seconds later.
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);

        // Assert
        Assert.Equal(1, _board.Questions);
        Assert.Equal(DeliveryStatus.Sent, State(adId).Status);
        Assert.Equal(_clock.GetUtcNow() + Pace, _store.Deferred[(BoardIds.Nav, adId)]);
    }

    [Fact]
    public async Task DecidedAd_AfterThePace_IsAccepted_AndNotSignalledAgain()
    {
        // Arrange
        var adId = await SubmitAsync();
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);
        _store.Deferred.Clear();
        _store.Signals.Clear();
        _clock.Advance(Pace + TimeSpan.FromSeconds(1));
        _board.Check = BoardOutcome.Accepted(adId, "ACTIVE");

        // Act
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);

        // Assert
        Assert.Equal(DeliveryStatus.Accepted, State(adId).Status);
        Assert.Empty(_store.Deferred);
        Assert.DoesNotContain((BoardIds.Nav, adId), _store.Signals);
    }

    [Fact]
    public async Task TransientFailureOfTheQuestion_IsRetriedByTheQueue_NotHeldForThePace()
    {
        // Arrange
        var adId = await SubmitAsync();
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);
        _clock.Advance(Pace);
        _board.Check = BoardOutcome.Transient("HTTP 503 after retries");

        // Act / Assert: a failed request is not a status answer; the page's redelivery retries it.
        await Assert.ThrowsAsync<JobAdDeliveryRetryException>(() => _handler.HandleAsync(Page(adId), 1, CancellationToken.None));
    }

    /// <summary>NAV as the handler sees it: a batch receipt (RECEIVED, decided later) and a one-hour pace.</summary>
    private sealed class PacedBoard : IBoardClient
    {
        public string Board => BoardIds.Nav;

        public TimeSpan StatusPollInterval => Pace;

        public BoardOutcome Check { get; set; } = BoardOutcome.Waiting("NAV has not processed the ad yet");

        public int Questions { get; private set; }

        public Task<IReadOnlyList<BoardOutcome>> PublishAsync(IReadOnlyList<BoardPublication> items, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BoardOutcome>>([.. items.Select(i => BoardOutcome.Sent(i.AdId))]);

        public Task<BoardOutcome> WithdrawAsync(BoardWithdrawal item, CancellationToken cancellationToken) => Task.FromResult(BoardOutcome.Accepted());

        public Task<BoardOutcome> CheckAsync(BoardWithdrawal item, CancellationToken cancellationToken)
        {
            Questions++;
            return Task.FromResult(Check);
        }
    }
}
