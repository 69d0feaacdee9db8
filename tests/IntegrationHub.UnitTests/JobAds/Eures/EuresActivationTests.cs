using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Boards;
using IntegrationHub.Core.JobAds.Eures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.JobAds.Eures;

/// <summary>An ad posted for later is pending on EURES until its publication time, then published by the timer's step.</summary>
public sealed class EuresActivationTests
{
    private const string Client = "ats";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero));
    private readonly InMemoryJobAdStore _store = new();

    private EuresActivation Activation() => new(_store, _clock, Options.Create(new HubOptions
    {
        Clients = [new ClientBinding { ClientId = "c", Kind = PartyKind.System, Id = Client }],
    }));

    [Fact]
    public async Task AdPostedForLater_IsPendingOnEures_UntilItsPublicationTime_ThenPublished()
    {
        // Arrange: the example is published 2026-12-01T08:00Z; it is 07:00.
        var json = JobAdSamples.Json();
        json["targets"] = new JsonArray("eures");
        using var document = System.Text.Json.JsonDocument.Parse(json.ToJsonString());
        var intake = new JobAdIntakeHandler(_store, _clock, NullLogger<JobAdIntakeHandler>.Instance);
        var adId = Assert.IsType<JobAdIntakeResult.Stored>(await intake.SubmitAsync(new SubmitJobAd { Client = Client, Document = document.RootElement, CorrelationId = "c" }, CancellationToken.None)).Answer.AdId;

        // Act
        var early = await Activation().RunOnceAsync(CancellationToken.None);
        var stateEarly = _store.States[(adId, BoardIds.Eures)];
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 8, 0, 1, TimeSpan.Zero));
        var onTime = await Activation().RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal((0, DeliveryStatus.Pending, (DateTimeOffset?)null), (early, stateEarly.Status, stateEarly.PublishedSince));
        var state = _store.States[(adId, BoardIds.Eures)];
        Assert.Equal((1, DeliveryStatus.Published, (DateTimeOffset?)_clock.GetUtcNow()), (onTime, state.Status, state.PublishedSince));
        Assert.DoesNotContain((BoardIds.Eures, adId), _store.Signals);
        Assert.Equal(0, await Activation().RunOnceAsync(CancellationToken.None));
    }
}
