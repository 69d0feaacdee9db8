using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Outbox;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;
using IntegrationHub.Storage.Visibility;

namespace IntegrationHub.IntegrationTests.Visibility;

/// <summary>
/// CvVisibilityChanged leaves through the outbox: written with the state change, relayed by the dev host's timer to the
/// local sink (the OutboundEvents table), in order per CV, carrying the employer view only.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class VisibilityOutboxEndToEndTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private HttpClient _source = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _source = Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static JsonObject Event(string citizenId, string type, int minute, JsonObject? data = null) =>
        CitizenEvents.Event(citizenId, type, T0.AddMinutes(minute), data);

    private static JsonObject AllClear(string citizenId, int minute) => CitizenEvents.AllClear(citizenId, T0.AddMinutes(minute));

    private Task Send(params JsonObject[] events) => CitizenEvents.SendAsync(_source, events);

    private async Task<string> SubmitCv(string citizenId)
    {
        var response = await Nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizenId)));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["cvId"]!.GetValue<string>();
    }

    private async Task<List<TableEntity>> Published(string cvId) =>
        [.. (await Probe.EntitiesAsync(OutboxTables.OutboundEventsTable))
            .Where(e => e.PartitionKey == OutboundTopics.CvVisibility && e.GetString("SessionKey") == cvId)
            .OrderBy(e => e.GetInt64("Published"))];

    private async Task<List<TableEntity>> WaitForPublished(string cvId, int count)
    {
        await StorageProbe.Eventually(async () => (await Published(cvId)).Count >= count, $"{count} CvVisibilityChanged events for the CV");
        return await Published(cvId);
    }

    [Fact]
    public async Task ShownThenWithdrawn_PublishesTwoEventsInOrder_WithTheEmployerViewOnly()
    {
        // Arrange
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var cvId = await SubmitCv(citizen);
        await Send(AllClear(citizen, 0));
        await WaitForPublished(cvId, 1);

        // Act
        await Send(Event(citizen, "consent.withdrawn", 5, new JsonObject { ["purpose"] = "employers" }));
        var events = await WaitForPublished(cvId, 2);

        // Assert
        Assert.Equal(2, events.Count);
        var data = events.Select(e => JsonNode.Parse(e.GetString("Data"))!.AsObject()).ToList();
        Assert.Equal([true, false], data.Select(d => d["visibleToEmployers"]!.GetValue<bool>()));
        Assert.Equal("Open", data[0]["presentation"]!.GetValue<string>());
        Assert.Null(data[1]["presentation"]);
        Assert.All(events, e => Assert.Equal("org.integrationhub.cv.visibility-changed", e.GetString("Type")));
        Assert.All(events, e => Assert.Equal($"cvs/{cvId}", e.GetString("Subject")));
        // Hidden never says why: the data is the employer view and nothing else (no reasons, no facts).
        string[] allowed = ["registry", "cvId", "visibleToEmployers", "searchable", "presentation", "changedAt"];
        Assert.All(data, d => Assert.Subset(allowed.ToHashSet(), d.Select(p => p.Key).ToHashSet()));
        await StorageProbe.Eventually(async () => !(await Probe.EntitiesAsync(VisibilityTables.VisibilityTable)).Any(r => r.RowKey.StartsWith("~out|", StringComparison.Ordinal)),
            "the outbox to be empty once relayed");
    }

    [Fact]
    public async Task AChangeInvisibleToEmployers_PublishesNothing()
    {
        // Arrange: hidden (no consent), then a protective fact: still hidden to employers.
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var cvId = await SubmitCv(citizen);
        await Send(Event(citizen, "protected-address.set", 1));

        // Act: a later visible change is the first thing published.
        await Send(AllClear(citizen, 2));
        var events = await WaitForPublished(cvId, 1);

        // Assert: the protected-address change itself published nothing (it would be relayed before the later one).
        Assert.Single(events);
        Assert.True(JsonNode.Parse(events[0].GetString("Data"))!["visibleToEmployers"]!.GetValue<bool>());
    }
}
