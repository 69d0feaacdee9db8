using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Visibility;

/// <summary>
/// The Danish inactivity timetable, swept against real storage with the hub's clock moved forward: reminder at 10 weeks,
/// hidden at 12, warning 2 weeks before deletion, deletion at 18.5 months; every step once, however often the sweep runs.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InactivitySweepTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string JobnetConsentClient = "consent-jobnet-client";

    /// <summary>The real clock plus an offset the test moves: the hub's whole idea of "now".</summary>
    private sealed class MovableClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }

    private readonly MovableClock _clock = new();
    private HubTestHost _host = null!;
    private StorageProbe _probe = null!;

    public async Task InitializeAsync()
    {
        _host = await HubTestHost.StartAsync(azurite,
            new Dictionary<string, string?>
            {
                ["Hub:Clients:7:ClientId"] = JobnetConsentClient,
                ["Hub:Clients:7:Kind"] = "System",
                ["Hub:Clients:7:Id"] = "jobnet",
            },
            services: s => s.AddSingleton<TimeProvider>(_clock));
        _probe = new StorageProbe(azurite.ConnectionString, _host.Prefix);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private InactivitySweep Sweep => _host.Services.GetRequiredService<InactivitySweep>();

    private async Task<List<string>> Notices(string citizen) =>
        [.. (await _probe.EntitiesAsync(OutboxTables.OutboundEventsTable))
            .Where(e => e.PartitionKey == OutboundTopics.CitizenNotices && e.GetString("SessionKey") == citizen)
            .OrderBy(e => e.GetInt64("Published"))
            .Select(e => e.GetString("Type")[InactivityNotice.TypePrefix.Length..])];

    private async Task<List<string>> NoticesEventually(string citizen, int count)
    {
        await StorageProbe.Eventually(async () => (await Notices(citizen)).Count >= count, $"{count} inactivity notices");
        return await Notices(citizen);
    }

    private async Task<VisibilityState?> StateOf(string cvId) =>
        (await _host.Services.GetRequiredService<CvVisibilityQuery>().ExplainAsync("jobnet", cvId, CancellationToken.None))?.State;

    [Fact]
    public async Task Timetable_EachStepHappensOnceAtItsTime_AndEndsWithTheCvDeleted()
    {
        // Arrange: a visible Danish CV whose citizen was last active a minute ago.
        var lastActivity = DateTimeOffset.UtcNow.AddMinutes(-1);
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var cv = CvSamples.Cv(citizenId: citizen);
        cv["lastCitizenActivityAt"] = lastActivity.ToString("O");
        var jobnet = _host.ClientFor(HubTestHost.JobnetRegistryClient, HubRoles.CvSubmit);
        var cvId = (await (await jobnet.PostAsync("api/cvs", CvSamples.Json(cv))).Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
        var consent = _host.ClientFor(JobnetConsentClient, HubRoles.ConsentWrite);
        var snapshot = new JsonObject
        {
            ["specversion"] = "1.0", ["id"] = Guid.NewGuid().ToString(), ["source"] = "urn:test", ["subject"] = citizen,
            ["type"] = "org.integrationhub.citizen.status.snapshot", ["time"] = lastActivity.ToString("O"),
            // A Danish snapshot states the facts Denmark's rules read (docs/visibility-rules.md), Norway's are not needed.
            ["data"] = new JsonObject { ["consentToEmployers"] = true, ["protectedAddress"] = false, ["searchDuty"] = false },
        };
        var posted = await consent.PostAsync("api/consent-events", CvSamples.Json(snapshot, "application/cloudevents+json"));
        Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());
        await StorageProbe.Eventually(async () => (await StateOf(cvId))?.Decision.Audience == Audience.Employers, "the CV to be visible");
        Assert.Equal(0, await Sweep.RunOnceAsync(CancellationToken.None));

        // Act + Assert, step by step.
        _clock.Offset = InactivitySchedule.ReminderAfter;
        Assert.Equal(1, await Sweep.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await Sweep.RunOnceAsync(CancellationToken.None));
        Assert.Equal(["reminder"], await NoticesEventually(citizen, 1));
        Assert.Equal(Audience.Employers, (await StateOf(cvId))!.Decision.Audience);

        _clock.Offset = InactivitySchedule.NonSearchableAfter;
        Assert.Equal(1, await Sweep.RunOnceAsync(CancellationToken.None));
        var hidden = (await StateOf(cvId))!;
        Assert.NotEqual(Audience.Employers, hidden.Decision.Audience);
        Assert.Contains(VisibilityReasons.Inactive12Weeks, hidden.Decision.Reasons);

        var deletionAt = InactivitySchedule.DeletionAt(lastActivity);
        _clock.Offset = deletionAt - InactivitySchedule.DeletionWarningBefore - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        Assert.Equal(1, await Sweep.RunOnceAsync(CancellationToken.None));
        Assert.Equal(["reminder", "deletion-warning"], await NoticesEventually(citizen, 2));
        Assert.NotNull(await _host.Services.GetRequiredService<ICvStore>().GetAsync("jobnet", cvId, CancellationToken.None));

        _clock.Offset = deletionAt - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        Assert.Equal(1, await Sweep.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await Sweep.RunOnceAsync(CancellationToken.None));
        Assert.Equal(["reminder", "deletion-warning", "deleted"], await NoticesEventually(citizen, 3));
        Assert.Null(await _host.Services.GetRequiredService<ICvStore>().GetAsync("jobnet", cvId, CancellationToken.None));
    }

    [Fact]
    public async Task NorwegianCvs_AreNotSwept()
    {
        var cv = CvSamples.Cv();
        cv["lastCitizenActivityAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        var nav = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var cvId = (await (await nav.PostAsync("api/cvs", CvSamples.Json(cv))).Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
        await StorageProbe.Eventually(async () => await _host.Services.GetRequiredService<CvVisibilityQuery>().ExplainAsync("nav", cvId, CancellationToken.None) is not null, "the CV's state");

        _clock.Offset = TimeSpan.FromDays(600);

        Assert.Equal(0, await Sweep.RunOnceAsync(CancellationToken.None));
        Assert.NotNull(await _host.Services.GetRequiredService<ICvStore>().GetAsync("nav", cvId, CancellationToken.None));
    }
}
