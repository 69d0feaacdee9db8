using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Erasure;

/// <summary>
/// A citizen's first decision beside an erasure, over the dev host and Azurite (ADR 0040): the whole erasure runs
/// between the decision's CV read and its state insert, so the inserted row would outlive it. No timing is involved: the
/// erasure runs inside the state store's first insert for the armed citizen, before the insert itself.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DecisionBesideErasureTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>The state store, with the erasure of one armed citizen run once just before their first state is inserted.</summary>
    private sealed class EraseBeforeFirstInsert(TableVisibilityStateStore states, Lazy<CitizenErasure> erasure) : IVisibilityStateStore
    {
        public string? Armed { get; set; }

        public Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            states.GetAsync(registry, citizenId, cancellationToken);

        public Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            states.HistoryAsync(registry, citizenId, cancellationToken);

        public async Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken)
        {
            if (previous is null && state.CitizenId == Armed)
            {
                Armed = null;
                Assert.True((await erasure.Value.EraseAsync(state.Registry, state.CitizenId, ErasureTriggers.Request, cancellationToken)).Found);
            }
            return await states.TryWriteAsync(state, previous, outbound, cancellationToken);
        }

        public Task EraseCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            states.EraseCitizenAsync(registry, citizenId, cancellationToken);
    }

    private HubTestHost _host = null!;
    private EraseBeforeFirstInsert _states = null!;

    public async Task InitializeAsync()
    {
        _host = await HubTestHost.StartAsync(azurite, services: s => s.AddSingleton<IVisibilityStateStore>(sp =>
            new EraseBeforeFirstInsert(sp.GetRequiredService<TableVisibilityStateStore>(), sp.GetRequiredService<Lazy<CitizenErasure>>())));
        _states = (EraseBeforeFirstInsert)_host.Services.GetRequiredService<IVisibilityStateStore>();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Nav => _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);

    private static async Task<string> PostCvAsync(HttpClient nav, string citizen, string marker)
    {
        var cv = CvSamples.Cv(externalId: "ext-" + marker, citizenId: citizen);
        cv["summary"] = "Summary " + marker + " with enough words to be a summary.";
        var response = await nav.PostAsync("api/cvs", CvSamples.Json(cv));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
    }

    [Fact]
    public async Task FirstDecision_WholeErasureBetweenItsCvReadAndItsInsert_NothingOfTheCitizenIsLeft_AndTheExportIsEmpty()
    {
        // Arrange: a new citizen's CV, whose erasure will run inside its first decision (after the CV read, before the insert).
        var marker = "mk" + Guid.NewGuid().ToString("N")[..12];
        var citizen = "cit-" + marker;
        _states.Armed = citizen;

        // Act
        var cvId = await PostCvAsync(Nav, citizen, marker);

        // Assert: the erasure ran, and once the queues have drained no state row, search row, listing or anything else
        // names the citizen; the registry's copy for them is empty (404: the hub holds nothing).
        await StorageProbe.Eventually(() => Task.FromResult(_states.Armed is null), "the first decision to run beside the erasure");
        var left = await StorageProbe.Settle(() => StorageScan.FindAsync(azurite, _host.Prefix, [citizen, marker]), h => h.Count == 0, 30);
        Assert.True(left.Count == 0, "left after the erasure: " + string.Join(", ", left));
        Assert.Null(await _host.Services.GetRequiredService<TableVisibilityStateStore>().GetAsync("nav", citizen, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await Nav.GetAsync($"api/citizens/{citizen}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.EmployerPerson().GetAsync($"api/cvs/{cvId}")).StatusCode);
    }

    [Fact]
    public async Task FirstDecision_CitizenErasedBeforeTheirNewCv_KeepsItsState_NotErasedAgain()
    {
        // Arrange: a citizen known by an event, erased; they come back later with a CV (a new relationship).
        var marker = "mk" + Guid.NewGuid().ToString("N")[..12];
        var citizen = "cit-" + marker;
        await CitizenEvents.SendAsync(_host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite),
            CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-10)));
        Assert.Equal(HttpStatusCode.NoContent, (await Nav.DeleteAsync($"api/citizens/{citizen}")).StatusCode);

        // Act: the CV's first decision finds the older tombstone.
        var cvId = await PostCvAsync(Nav, citizen, marker);

        // Assert: decided and kept; an erasure run again would take the CV first, then the state, within moments.
        var states = _host.Services.GetRequiredService<TableVisibilityStateStore>();
        await StorageProbe.Eventually(async () => await states.GetAsync("nav", citizen, CancellationToken.None) is not null, "the CV to be decided");
        var cvStatus = await StorageProbe.Settle(async () => (await Nav.GetAsync($"api/cvs/{cvId}")).StatusCode, s => s != HttpStatusCode.OK, 3);
        Assert.Equal(HttpStatusCode.OK, cvStatus);
        Assert.NotNull(await states.GetAsync("nav", citizen, CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await Nav.GetAsync($"api/citizens/{citizen}/export")).StatusCode);
    }
}
