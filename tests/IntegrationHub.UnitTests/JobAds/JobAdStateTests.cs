using System.Text.Json.Nodes;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.UnitTests.JobAds;

/// <summary>What an update re-pushes, what a withdrawal does, and what each board outcome makes of a delivery.</summary>
public sealed class JobAdStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static StoredJobAd Stored(Contracts.JobAds.JobAdDocument ad, int version = 1) => new()
    {
        Client = "ats",
        AdId = "abcdefghijklmnopqrstuvwxyz",
        Reference = ad.Reference,
        Version = version,
        ContentHash = "h" + version,
        Ad = ad,
        Withdrawn = false,
        UpdatedAt = Now,
    };

    /// <summary>The board states after the first version was accepted everywhere.</summary>
    private static List<BoardDelivery> AcceptedEverywhere(StoredJobAd first) =>
        [.. JobAdIntakeHandler.Plan(first, [], Now).Select(c => c.Next.Board == BoardIds.Eures
            ? c.Next with { ETag = "e" }
            : c.Next with { Status = DeliveryStatus.Accepted, SentHash = c.Next.RenderingHash, ETag = "e" })];

    [Fact]
    public void Plan_NewAd_QueuesEveryPushBoard_AndIsPublishedForEuresAtOnce()
    {
        // Act
        var changes = JobAdIntakeHandler.Plan(Stored(JobAdSamples.ForAllBoards()), [], Now);

        // Assert
        Assert.Equal(BoardIds.All.Order(), changes.Select(c => c.Next.Board).Order());
        Assert.All(changes.Where(c => c.Next.Board != BoardIds.Eures), c => Assert.Equal((DeliveryStatus.Pending, true), (c.Next.Status, c.Enqueue)));
        var eures = changes.Single(c => c.Next.Board == BoardIds.Eures);
        Assert.Equal((DeliveryStatus.Published, false, Now, "ats.abcdefghijklmnopqrstuvwxyz"),
            (eures.Next.Status, eures.Enqueue, eures.Next.PublishedSince, eures.Next.BoardReference));
        Assert.All(changes, c => Assert.Single(c.Events));
    }

    [Fact]
    public void Plan_UpdateOfAContactPhone_RepushesOnlyToBoardsThatShowContacts()
    {
        // Arrange: EURES' rendering carries no contacts.
        var first = Stored(JobAdSamples.ForAllBoards());
        var previous = AcceptedEverywhere(first);
        var second = Stored(JobAdSamples.ForAllBoards(j => j["contacts"]![0]!["phone"] = "+47 111 22 333"), version: 2);

        // Act
        var changes = JobAdIntakeHandler.Plan(second, previous, Now);

        // Assert
        Assert.Equal(["finn", "jobnet", "nav"], changes.Select(c => c.Next.Board).Order());
        Assert.All(changes, c => Assert.True(c.Enqueue));
    }

    [Fact]
    public void Plan_UpdateThatChangesNoRendering_QueuesNothing()
    {
        // Arrange: the ad's language shows only on EURES; changing the reference of the employer only on NAV. Neither here.
        var first = Stored(JobAdSamples.ForAllBoards());
        var previous = AcceptedEverywhere(first);

        // Act
        var changes = JobAdIntakeHandler.Plan(Stored(JobAdSamples.ForAllBoards(), version: 2), previous, Now);

        // Assert
        Assert.Empty(changes);
    }

    [Fact]
    public void Plan_AdBreakingOneBoardsRules_IsRejectedForThatBoardOnly()
    {
        // Arrange: 50 days is too long for Finn.no (42), not for Jobnet (8 weeks).
        var ad = JobAdSamples.ForAllBoards(j => j["expires"] = "2027-01-20T08:00:00Z");

        // Act
        var changes = JobAdIntakeHandler.Plan(Stored(ad), [], Now);

        // Assert
        var finn = changes.Single(c => c.Next.Board == BoardIds.Finn);
        Assert.Equal(DeliveryStatus.Rejected, finn.Next.Status);
        Assert.False(finn.Enqueue);
        Assert.Contains("42 days", finn.Next.Reason, StringComparison.Ordinal);
        Assert.All(changes.Where(c => c.Next.Board != BoardIds.Finn), c => Assert.Contains(c.Next.Status, new[] { DeliveryStatus.Pending, DeliveryStatus.Published }));
    }

    [Fact]
    public void Plan_BoardDroppedFromTheTargets_IsWithdrawnThere()
    {
        // Arrange
        var first = Stored(JobAdSamples.ForAllBoards());
        var previous = AcceptedEverywhere(first);
        var second = Stored(JobAdSamples.ForAllBoards(j => j["targets"] = new JsonArray("nav", "jobnet", "finn")), version: 2);

        // Act
        var changes = JobAdIntakeHandler.Plan(second, previous, Now);

        // Assert: EURES pulls, so the ad is closed there with this commit; nothing is queued.
        var eures = Assert.Single(changes);
        Assert.Equal((BoardIds.Eures, DesiredState.Withdrawn, DeliveryStatus.Withdrawn, false), (eures.Next.Board, eures.Next.Desired, eures.Next.Status, eures.Enqueue));
    }

    [Fact]
    public void Withdraw_BoardThatNeverTookTheAd_IsWithdrawnWithoutACall()
    {
        // Arrange
        var rejected = JobAdIntakeHandler.Plan(Stored(JobAdSamples.Ad(j => j["targets"] = new JsonArray("jobnet"))), [], Now).Single().Next;

        // Act
        var change = JobAdIntakeHandler.Withdraw(rejected, Now, "withdrawn by the client");

        // Assert
        Assert.Equal((DeliveryStatus.Withdrawn, false), (change.Next.Status, change.Enqueue));
    }

    [Fact]
    public void Apply_Transient_CountsTheAttemptAndStaysPending_UntilTheLastAttemptFails()
    {
        // Arrange
        var pending = JobAdIntakeHandler.Plan(Stored(JobAdSamples.Ad()), [], Now)[0].Next;
        var outcome = BoardOutcome.Transient("HTTP 503 after retries");

        // Act
        var retried = JobAdDeliveryHandler.Apply(pending, outcome, "hash", Now, lastAttempt: false);
        var failed = JobAdDeliveryHandler.Apply(retried, outcome, "hash", Now, lastAttempt: true);

        // Assert
        Assert.Equal((DeliveryStatus.Pending, 1, "HTTP 503 after retries"), (retried.Status, retried.Attempts, retried.LastError));
        Assert.Equal((DeliveryStatus.Failed, 2), (failed.Status, failed.Attempts));
        Assert.Single(JobAdStatusChanged.Between(retried, failed));
        Assert.Empty(JobAdStatusChanged.Between(pending, retried));
    }

    [Fact]
    public void Apply_Accepted_RecordsWhatTheBoardHoldsAndItsReference()
    {
        // Arrange
        var pending = JobAdIntakeHandler.Plan(Stored(JobAdSamples.Ad()), [], Now)[0].Next;

        // Act
        var accepted = JobAdDeliveryHandler.Apply(pending, BoardOutcome.Accepted("nav-77"), "hash-1", Now, lastAttempt: false);

        // Assert
        Assert.Equal((DeliveryStatus.Accepted, "hash-1", "nav-77", 1), (accepted.Status, accepted.SentHash, accepted.BoardReference, accepted.Attempts));
    }

    [Fact]
    public void Apply_WithdrawalAccepted_LeavesNothingOnTheBoard()
    {
        // Arrange
        var first = Stored(JobAdSamples.Ad());
        var withdrawing = JobAdIntakeHandler.Withdraw(AcceptedEverywhere(first)[0], Now, "expired").Next;

        // Act
        var done = JobAdDeliveryHandler.Apply(withdrawing, BoardOutcome.Accepted(), null, Now, lastAttempt: false);

        // Assert
        Assert.Equal((DeliveryStatus.Withdrawn, (string?)null), (done.Status, done.SentHash));
    }

    [Fact]
    public void RequestId_SameAdAndContent_IsStable_AndDiffersOtherwise()
    {
        Assert.Equal(JobAdDeliveryHandler.RequestId("a", "publish", "h"), JobAdDeliveryHandler.RequestId("a", "publish", "h"));
        Assert.NotEqual(JobAdDeliveryHandler.RequestId("a", "publish", "h"), JobAdDeliveryHandler.RequestId("a", "publish", "h2"));
        Assert.NotEqual(JobAdDeliveryHandler.RequestId("a", "publish", "h"), JobAdDeliveryHandler.RequestId("a", "withdraw", "h"));
    }

    [Fact]
    public void Options_MaxAttempts_EqualsHostJsonMaxDequeueCount()
    {
        // Arrange: the handler marks deliveries failed on the delivery the host then moves to poison.
        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("host.json")));

        // Act
        var maxDequeueCount = host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32();

        // Assert
        Assert.Equal(maxDequeueCount, new JobAdOptions().MaxAttempts);
    }
}
