using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.JobAds;

/// <summary>A page of deliveries against an in-memory store and a scripted board: redelivery, last attempt, races with the client.</summary>
public sealed class JobAdDeliveryHandlerTests
{
    private const string Client = "ats";

    private readonly InMemoryJobAdStore _store = new();
    private readonly ScriptedBoard _board = new();
    private readonly JobAdIntakeHandler _intake;
    private readonly JobAdDeliveryHandler _handler;

    public JobAdDeliveryHandlerTests()
    {
        _intake = new JobAdIntakeHandler(_store, TimeProvider.System, NullLogger<JobAdIntakeHandler>.Instance);
        _handler = new JobAdDeliveryHandler(_store, [_board], TimeProvider.System, Options.Create(new JobAdOptions()), NullLogger<JobAdDeliveryHandler>.Instance);
    }

    private async Task<string> SubmitAsync()
    {
        var json = JobAdSamples.Json();
        json["targets"] = new System.Text.Json.Nodes.JsonArray("finn");
        using var document = System.Text.Json.JsonDocument.Parse(json.ToJsonString());
        var result = await _intake.SubmitAsync(new SubmitJobAd { Client = Client, Document = document.RootElement, CorrelationId = "c" }, CancellationToken.None);
        return Assert.IsType<JobAdIntakeResult.Stored>(result).Answer.AdId;
    }

    private static JobAdDeliveryPage Page(params string[] adIds) =>
        new() { MessageId = "m", CorrelationId = "c", Client = Client, Board = BoardIds.Finn, AdIds = adIds };

    private BoardDelivery State(string adId) => _store.States[(adId, BoardIds.Finn)];

    [Fact]
    public async Task PageDeliveredAgain_AfterItsAdsWereAccepted_CallsTheBoardNoMore()
    {
        // Arrange
        var adId = await SubmitAsync();
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);

        // Act
        await _handler.HandleAsync(Page(adId), 2, CancellationToken.None);

        // Assert
        Assert.Equal(1, _board.Publications);
        Assert.Equal(DeliveryStatus.Accepted, State(adId).Status);
    }

    [Fact]
    public async Task TransientFailure_IsCountedAndThrown_AndOnTheLastAttemptBecomesFailed()
    {
        // Arrange
        var adId = await SubmitAsync();
        _board.Next = BoardOutcome.Transient("HTTP 503 after retries");

        // Act
        await Assert.ThrowsAsync<JobAdDeliveryRetryException>(() => _handler.HandleAsync(Page(adId), 1, CancellationToken.None));
        var afterFirst = State(adId);
        await Assert.ThrowsAsync<JobAdDeliveryRetryException>(() => _handler.HandleAsync(Page(adId), 5, CancellationToken.None));

        // Assert
        Assert.Equal((DeliveryStatus.Pending, 1), (afterFirst.Status, afterFirst.Attempts));
        Assert.Equal((DeliveryStatus.Failed, 2, "HTTP 503 after retries"), (State(adId).Status, State(adId).Attempts, State(adId).LastError));
        Assert.Contains(_store.Events, e => e.Data.Contains("\"failed\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithdrawnWhileThePublicationWasOnItsWay_AndTheBoardTookIt_IsWithdrawnAgain()
    {
        // Arrange: the client withdraws the ad while the board call is in flight; a concurrent withdrawal page found
        // nothing on the board and marked the ad withdrawn; then the board's answer arrives: it took the ad.
        var adId = await SubmitAsync();
        _board.During = async () =>
        {
            await _intake.WithdrawAsync(new WithdrawJobAd { Client = Client, AdId = adId, Reason = "withdrawn by the client", CorrelationId = "c" }, CancellationToken.None);
            var withdrawing = State(adId);
            _store.States[(adId, BoardIds.Finn)] = withdrawing with { Status = DeliveryStatus.Withdrawn, ETag = "concurrent" };
        };

        // Act
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);

        // Assert: the board holds the ad, so a withdrawal is pending again and signalled.
        var state = State(adId);
        Assert.Equal((DesiredState.Withdrawn, DeliveryStatus.Pending), (state.Desired, state.Status));
        Assert.NotNull(state.SentHash);
        Assert.Contains((BoardIds.Finn, adId), _store.Signals);
    }

    [Fact]
    public async Task UpdatedWhileThePublicationWasOnItsWay_KeepsTheNewWork_AndLearnsWhatTheBoardHolds()
    {
        // Arrange
        var adId = await SubmitAsync();
        string? newHash = null;
        _board.During = () =>
        {
            var current = State(adId);
            newHash = "newer-rendering";
            _store.States[(adId, BoardIds.Finn)] = current with { RenderingHash = newHash, Version = 2, ETag = "concurrent" };
            return Task.CompletedTask;
        };

        // Act
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);

        // Assert
        var state = State(adId);
        Assert.Equal((DeliveryStatus.Pending, 2, newHash), (state.Status, state.Version, state.RenderingHash));
        Assert.NotNull(state.SentHash);
        Assert.NotEqual(newHash, state.SentHash);
    }

    [Fact]
    public async Task AwaitingApproval_IsFollowed_WaitingNeverFails_AndTheDecisionIsFinal()
    {
        // Arrange: the board takes the ad for approval, then has not decided for a whole page's deliveries.
        var adId = await SubmitAsync();
        _board.Next = BoardOutcome.AwaitingApproval("JN-1", "Processed");
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);
        var awaiting = State(adId);
        _store.Signals.Clear();
        _board.Check = BoardOutcome.Waiting("Jobnet: Processed", "Processed");

        // Act
        await Assert.ThrowsAsync<JobAdDeliveryRetryException>(() => _handler.HandleAsync(Page(adId), 2, CancellationToken.None));
        await _handler.HandleAsync(Page(adId), 5, CancellationToken.None); // the last delivery: no poison, a new signal
        var stillWaiting = State(adId);
        var signalled = _store.Signals.Contains((BoardIds.Finn, adId));
        _board.Check = BoardOutcome.Accepted("JN-1", "Publication");
        await _handler.HandleAsync(Page(adId), 1, CancellationToken.None);

        // Assert
        Assert.Equal((DeliveryStatus.AwaitingApproval, "JN-1"), (awaiting.Status, awaiting.BoardReference));
        Assert.Equal((DeliveryStatus.AwaitingApproval, "Jobnet: Processed"), (stillWaiting.Status, stillWaiting.LastError));
        Assert.True(signalled);
        Assert.Equal((DeliveryStatus.Accepted, "Publication"), (State(adId).Status, State(adId).PublishStatus));
        Assert.Equal("awaiting-approval", BoardStatusView.Of(awaiting).Status);
    }

    [Fact]
    public async Task CredentialsRefused_KeepTheAdPending_EvenOnTheLastAttempt()
    {
        // Arrange
        var adId = await SubmitAsync();
        _board.Next = BoardOutcome.Unauthorized("HTTP 401: the board refused the hub's credentials");
        var measured = 0L;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BoardSignals.MeterName && instrument.Name == "hub.boards.auth_failures")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref measured, value));
        listener.Start();

        // Act
        await _handler.HandleAsync(Page(adId), 5, CancellationToken.None);

        // Assert: not rejected, not failed; asked again later; signalled.
        Assert.Equal(DeliveryStatus.Pending, State(adId).Status);
        Assert.Contains((BoardIds.Finn, adId), _store.Signals);
        Assert.True(Interlocked.Read(ref measured) >= 1);
    }

    private sealed class ScriptedBoard : IBoardClient
    {
        public string Board => BoardIds.Finn;

        public BoardOutcome Next { get; set; } = BoardOutcome.Accepted("ref-1");

        public Func<Task>? During { get; set; }

        public int Publications { get; private set; }

        public async Task<IReadOnlyList<BoardOutcome>> PublishAsync(IReadOnlyList<BoardPublication> items, CancellationToken cancellationToken)
        {
            Publications += items.Count;
            if (During is { } during)
            {
                During = null;
                await during();
            }
            return [.. items.Select(_ => Next)];
        }

        public Task<BoardOutcome> WithdrawAsync(BoardWithdrawal item, CancellationToken cancellationToken) => Task.FromResult(BoardOutcome.Accepted());

        public BoardOutcome Check { get; set; } = BoardOutcome.Accepted();

        public Task<BoardOutcome> CheckAsync(BoardWithdrawal item, CancellationToken cancellationToken) => Task.FromResult(Check);
    }
}
