using System.Text.Json.Nodes;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using IntegrationHub.Core.JobAds.Eures;

namespace IntegrationHub.UnitTests.JobAds.Eures;

/// <summary>
/// What EURES sees of an ad's life, as NAV's export shows it (TimestampTests.kt, examples 1-4 of the EURES
/// functional specification as NAV reads them): created, modified with its creation kept, closed with a closing time,
/// published again with a new creation time; nothing for an ad EURES never could pull.
/// </summary>
public sealed class EuresListingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static StoredJobAd Stored(Action<JsonObject>? change = null, int version = 1) => new()
    {
        Client = "jobbnorge",
        AdId = "abcdefghijklmnopqrstuvwxyz",
        Reference = "r",
        Version = version,
        ContentHash = "h" + version,
        Ad = JobAdSamples.Ad(j => { j["targets"] = new JsonArray("eures"); change?.Invoke(j); }),
        Withdrawn = false,
        UpdatedAt = T0,
    };

    private static DeliveryChange Eures(IReadOnlyList<DeliveryChange> changes) => Assert.Single(changes, c => c.Next.Board == BoardIds.Eures);

    private static BoardDelivery Stored(DeliveryChange change) => change.Next with { ETag = "e" };

    [Fact]
    public void Publish_NewAd_IsListedActive_CreatedAtItsFirstModification()
    {
        // Act
        var change = Eures(JobAdIntakeHandler.Plan(Stored(), [], T0));
        var listed = EuresVacancy.From(change)!;

        // Assert
        Assert.Equal((T0, T0, (DateTimeOffset?)null, "jobbnorge.abcdefghijklmnopqrstuvwxyz"), (listed.Created, listed.LastModified, listed.Closed, listed.Reference));
        Assert.Equal(("ACTIVE", "jobbnorge"), (EuresJvReference.Of(listed).Status, EuresJvReference.Of(listed).Source));
    }

    [Fact]
    public void Update_ChangingTheRendering_KeepsTheCreationTime_AndMovesTheModification()
    {
        // Arrange
        var first = Stored(Eures(JobAdIntakeHandler.Plan(Stored(), [], T0)));

        // Act
        var change = Eures(JobAdIntakeHandler.Plan(Stored(j => j["title"] = "Ny tittel", version: 2), [first], T0.AddHours(1)));
        var listed = EuresVacancy.From(change)!;

        // Assert
        Assert.Equal((T0, T0.AddHours(1), true), (listed.Created, listed.LastModified, listed.Active));
    }

    [Fact]
    public void Withdraw_PublishedAd_IsListedClosed_WithItsClosingTime()
    {
        // Arrange
        var published = Stored(Eures(JobAdIntakeHandler.Plan(Stored(), [], T0)));

        // Act
        var change = JobAdIntakeHandler.Withdraw(published, T0.AddDays(1), "expired");
        var listed = EuresVacancy.From(change)!;

        // Assert
        Assert.Equal((DeliveryStatus.Withdrawn, false), (change.Next.Status, change.Enqueue));
        Assert.Equal((T0, T0.AddDays(1), (DateTimeOffset?)T0.AddDays(1)), (listed.Created, listed.LastModified, listed.Closed));
        Assert.Equal("CLOSED", EuresJvReference.Of(listed).Status);
        Assert.Null(EuresVacancy.From(JobAdIntakeHandler.Withdraw(Stored(change), T0.AddDays(2), "withdrawn by the client")));
    }

    [Fact]
    public void PublishAgain_AfterClosing_IsANewVacancyForEures_WithANewCreationTime()
    {
        // Arrange
        var published = Stored(Eures(JobAdIntakeHandler.Plan(Stored(), [], T0)));
        var closed = Stored(JobAdIntakeHandler.Withdraw(published, T0.AddDays(1), "withdrawn by the client"));

        // Act
        var listed = EuresVacancy.From(Eures(JobAdIntakeHandler.Plan(Stored(version: 2), [closed], T0.AddDays(2))))!;

        // Assert
        Assert.Equal((T0.AddDays(2), T0.AddDays(2), true), (listed.Created, listed.LastModified, listed.Active));
    }

    [Fact]
    public void RejectedAtOnce_IsNeverListed_AndAnUpdateThatBreaksTheRules_ClosesAPublishedAd()
    {
        // Arrange
        var outsideEurope = Stored(j => j["locations"] = new JsonArray(new JsonObject { ["city"] = "Boston", ["country"] = "US" }), version: 2);
        var published = Stored(Eures(JobAdIntakeHandler.Plan(Stored(), [], T0)));

        // Act
        var rejectedAtOnce = Eures(JobAdIntakeHandler.Plan(outsideEurope with { Version = 1 }, [], T0));
        var rejectedLater = Eures(JobAdIntakeHandler.Plan(outsideEurope, [published], T0.AddHours(1)));

        // Assert
        Assert.Equal(DeliveryStatus.Rejected, rejectedAtOnce.Next.Status);
        Assert.Null(EuresVacancy.From(rejectedAtOnce));
        Assert.Equal((DeliveryStatus.Rejected, (DateTimeOffset?)T0.AddHours(1)), (rejectedLater.Next.Status, EuresVacancy.From(rejectedLater)!.Closed));
    }

    [Theory]
    [InlineData("jobbnorge.abcdefghijklmnopqrstuvwxyz", true, "jobbnorge")]
    [InlineData("dev-ats.abcdefghijklmnopqrstuvwxyz", true, "dev-ats")]
    [InlineData("a.b.abcdefghijklmnopqrstuvwxyz", true, "a.b")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", false, "")]
    [InlineData("x.ABCDEFGHIJKLMNOPQRSTUVWXYZ", false, "")]
    [InlineData(".abcdefghijklmnopqrstuvwxyz", false, "")]
    public void Reference_ParsesTheSystemAndTheAdId(string reference, bool valid, string client)
    {
        Assert.Equal(valid, EuresReference.TryParse(reference, out var parsedClient, out _));
        if (valid)
        {
            Assert.Equal(client, parsedClient);
        }
    }
}
