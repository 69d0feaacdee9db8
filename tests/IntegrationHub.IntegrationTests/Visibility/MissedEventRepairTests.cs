using System.Net;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.IntegrationTests.Erasure;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Visibility;

/// <summary>
/// The missed-event repair over the dev host and Azurite (ADR 0047): a withdrawal whose request records the event and
/// dies at the state write (no timing: <see cref="StateWriteSeam"/> throws there for the citizen), never sent again; one pass of the
/// repair brings it into force: the employer's view of the CV is refused, and search does not find it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MissedEventRepairTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private HubTestHost _host = null!;
    private StateWriteSeam _states = null!;

    public async Task InitializeAsync()
    {
        // The timer is off, so that only the pass this test runs repairs; every mark counts as left (no grace).
        _host = await HubTestHost.StartAsync(azurite,
            settings: new Dictionary<string, string?>
            {
                ["Hub:MissedEvents:Enabled"] = "false", ["Hub:MissedEvents:GraceSeconds"] = "0", ["Hub:Storage:CountRequests"] = "true",
            },
            services: s => s.AddSingleton<IVisibilityStateStore>(sp => new StateWriteSeam(sp.GetRequiredService<TableVisibilityStateStore>())));
        _states = (StateWriteSeam)_host.Services.GetRequiredService<IVisibilityStateStore>();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Withdrawal_RequestDiedAtTheStateWrite_InForceAfterOnePass_AndSearchNoLongerFindsTheCv()
    {
        // Arrange: a CV employers find; its citizen's withdrawal is recorded, and its request dies before the state write.
        var nav = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var source = _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        var employer = _host.EmployerPerson();
        var (citizen, cvId, _) = await CitizenErasureTests.MarkedCitizenAsync(nav, source, employer);
        async Task<bool> FoundAsync() => (await employer.GetStringAsync("api/cvs?occupation=5321&pageSize=50")).Contains(cvId, StringComparison.Ordinal);
        await StorageProbe.Eventually(FoundAsync, "the CV to be found");
        _states.BeforeNextWrite((state, _) => state.CitizenId == citizen, _ => throw new InvalidOperationException("the process died before the state write"));
        var died = await source.PostAsync("api/consent-events",
            CvSamples.Json(CitizenEvents.Withdrawal(citizen, DateTimeOffset.UtcNow.AddMinutes(-1)), "application/cloudevents+json"));
        Assert.False(_states.Armed);
        Assert.NotEqual(HttpStatusCode.OK, died.StatusCode);
        // The narrowing took the CV's search rows out before its state write died (ADR 0045: safe side), but the decision
        // in force still shows the CV: the view is served until the repair runs.
        Assert.False(await FoundAsync(), "ADR 0045: a narrowing removes the search rows before it commits");
        Assert.Equal(HttpStatusCode.OK, (await employer.GetAsync($"api/cvs/{cvId}")).StatusCode);

        // Act
        var (marks, repaired) = await _host.Services.GetRequiredService<MissedEventRepair>().RunOnceAsync(CancellationToken.None);

        // Assert: one mark, one citizen decided again; the CV is hidden, and the next pass finds nothing.
        Assert.Equal((1, 1), (marks, repaired));
        Assert.False(await FoundAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await employer.GetAsync($"api/cvs/{cvId}")).StatusCode);
        var empty = new StorageRequestTally();
        using (StorageRequestCounter.Attribute(empty))
        {
            Assert.Equal((0, 0), await _host.Services.GetRequiredService<MissedEventRepair>().RunOnceAsync(CancellationToken.None));
        }
        // docs/adr/0047: a pass with nothing missing is one range read of the marks per registry, and writes nothing.
        var registries = _host.Services.GetRequiredService<IOptions<HubOptions>>().Value.Registries.Count;
        Assert.True(empty.Snapshot().Total == registries && empty.Snapshot().Calls.GetValueOrDefault("Table GET CitizenEvents (query)") == registries,
            $"an empty pass: {empty.Snapshot().Total} requests ({string.Join(", ", empty.Snapshot().Calls.Select(c => $"{c.Key} {c.Value}"))}), {registries} registries");
    }
}
