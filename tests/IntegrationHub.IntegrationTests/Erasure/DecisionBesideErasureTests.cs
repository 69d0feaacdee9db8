using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.Visibility;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Erasure;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Erasure;

/// <summary>
/// A citizen's first decision beside an erasure, over the dev host and Azurite (ADR 0040): the whole erasure runs
/// between the decision's CV read and its state insert, so the inserted row would outlive it. No timing is involved: the
/// erasure runs at the state store's pause point (<see cref="StateWriteSeam"/>), just before the citizen's first insert.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class DecisionBesideErasureTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private HubTestHost _host = null!;
    private StateWriteSeam _states = null!;
    private TombstoneLookSeam _tombstones = null!;

    public async Task InitializeAsync()
    {
        _host = await HubTestHost.StartAsync(azurite, services: s => s
            .AddSingleton<IVisibilityStateStore>(sp => new StateWriteSeam(sp.GetRequiredService<TableVisibilityStateStore>()))
            .AddSingleton<IErasureStore>(sp => new TombstoneLookSeam(sp.GetRequiredService<TableErasureStore>())));
        _states = (StateWriteSeam)_host.Services.GetRequiredService<IVisibilityStateStore>();
        _tombstones = (TombstoneLookSeam)_host.Services.GetRequiredService<IErasureStore>();
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

    /// <summary>Arms the state store: the citizen's whole erasure runs just before their first insert, then <paramref name="then"/>.</summary>
    private void EraseInsideTheFirstDecisionOf(string citizen, Func<Task>? then = null)
    {
        var erasure = _host.Services.GetRequiredService<CitizenErasure>();
        _states.BeforeNextWrite((state, previous) => previous is null && state.CitizenId == citizen, async state =>
        {
            Assert.True((await erasure.EraseAsync(state.Registry, state.CitizenId, ErasureTriggers.Request, CancellationToken.None)).Found);
            await (then?.Invoke() ?? Task.CompletedTask);
        });
    }

    /// <summary>Once the queues have drained, no store names the citizen; the export and the CV answer 404.</summary>
    private async Task AssertNothingOfTheCitizenLeftAsync(string citizen, string marker, string cvId)
    {
        var left = await StorageProbe.Settle(() => StorageScan.FindAsync(azurite, _host.Prefix, [citizen, marker]), h => h.Count == 0, 30);
        Assert.True(left.Count == 0, "left after the erasure: " + string.Join(", ", left));
        Assert.Null(await _host.Services.GetRequiredService<TableVisibilityStateStore>().GetAsync("nav", citizen, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await Nav.GetAsync($"api/citizens/{citizen}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.EmployerPerson().GetAsync($"api/cvs/{cvId}")).StatusCode);
    }

    [Fact]
    public async Task FirstDecision_WholeErasureBetweenItsCvReadAndItsInsert_NothingOfTheCitizenIsLeft_AndTheExportIsEmpty()
    {
        // Arrange: a new citizen's CV, whose erasure will run inside its first decision (after the CV read, before the insert).
        var marker = "mk" + Guid.NewGuid().ToString("N")[..12];
        var citizen = "cit-" + marker;
        EraseInsideTheFirstDecisionOf(citizen);

        // Act
        var cvId = await PostCvAsync(Nav, citizen, marker);

        // Assert: the erasure ran, and once the queues have drained no state row, search row, listing or anything else
        // names the citizen; the registry's copy for them is empty (404: the hub holds nothing).
        await StorageProbe.Eventually(() => Task.FromResult(!_states.Armed), "the first decision to run beside the erasure");
        await AssertNothingOfTheCitizenLeftAsync(citizen, marker, cvId);
    }

    [Fact]
    public async Task FirstDecision_ErasureBesideIt_AndThePagesLookFails_TheRedeliveredPageErasesAgain_NothingOfTheCitizenIsLeft()
    {
        // Arrange: the whole erasure runs inside a new citizen's first decision (after the CV read, before the insert), and
        // the page's one look for erasures beside its first decisions fails (storage away): the page throws and comes
        // again. The retry finds the state inserted, so the decision is no first decision, and the CV is gone.
        var marker = "mk" + Guid.NewGuid().ToString("N")[..12];
        var citizen = "cit-" + marker;
        _tombstones.FailNextLook();
        EraseInsideTheFirstDecisionOf(citizen);

        // Act
        var cvId = await PostCvAsync(Nav, citizen, marker);

        // Assert: the look failed once; after the page's next delivery no state row, search row, listing or anything else
        // names the citizen (the state the first delivery inserted went with the erasure run again).
        await StorageProbe.Eventually(() => Task.FromResult(!_states.Armed && _tombstones.Failed == 1), "the first decision beside the erasure, and its failed look");
        await AssertNothingOfTheCitizenLeftAsync(citizen, marker, cvId);
    }

    [Fact]
    public async Task FirstDecision_ErasureBesideIt_WhoseTombstoneHasNoMark_IsCaughtByItsTombstoneRead_NothingOfTheCitizenIsLeft()
    {
        // Arrange: a hub whose tombstones predate the marks, deployed within the hour (marks trusted only from an hour on,
        // as its first start records), and an erasure beside a new citizen's first decision whose tombstone has no mark,
        // as the hub before the marks recorded it (its state step run after the deployment).
        var marker = "mk" + Guid.NewGuid().ToString("N")[..12];
        var citizen = "cit-" + marker;
        var erasures = _host.Services.GetRequiredService<HubStorage>().Table(ErasureTables.ErasuresTable);
        await erasures.UpsertEntityAsync(new TableEntity("nav", "at|~") { ["Since"] = DateTimeOffset.UtcNow + TombstoneMark.Rollout }, TableUpdateMode.Replace);
        EraseInsideTheFirstDecisionOf(citizen, then: async () =>
        {
            await foreach (var mark in erasures.QueryAsync<TableEntity>(e => e.PartitionKey == "nav" && e.RowKey.CompareTo("at|0") >= 0 && e.RowKey.CompareTo("at|~") < 0))
            {
                await erasures.DeleteEntityAsync(mark.PartitionKey, mark.RowKey);
            }
        });

        // Act
        var cvId = await PostCvAsync(Nav, citizen, marker);

        // Assert: the page's look found no mark, and read the tombstone itself: nothing names the citizen.
        await StorageProbe.Eventually(() => Task.FromResult(!_states.Armed), "the first decision to run beside the erasure");
        await AssertNothingOfTheCitizenLeftAsync(citizen, marker, cvId);
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

    [Fact]
    public async Task FirstDecisions_SeveralAtOnce_ErasureBesideOneOfThem_NothingOfThatCitizenIsLeft_TheOthersKeepTheirState()
    {
        // Arrange: four new citizens' CVs sent at once (the pump pages what is committed together, so their first decisions
        // share a page and its one look for erasures, ADR 0040); the third citizen's erasure runs inside its first decision.
        var marker = "mk" + Guid.NewGuid().ToString("N")[..12];
        var citizens = Enumerable.Range(0, 4).Select(i => $"cit-{marker}-{i}").ToArray();
        var erasure = _host.Services.GetRequiredService<CitizenErasure>();
        _states.BeforeNextWrite((state, previous) => previous is null && state.CitizenId == citizens[2], async state =>
            Assert.True((await erasure.EraseAsync(state.Registry, state.CitizenId, ErasureTriggers.Request, CancellationToken.None)).Found));

        // Act
        var cvIds = await Task.WhenAll(citizens.Select((c, i) => PostCvAsync(Nav, c, $"{marker}x{i}")));

        // Assert: the erased citizen has nothing left anywhere; the others were decided and keep their CV and state.
        await StorageProbe.Eventually(() => Task.FromResult(!_states.Armed), "the first decision to run beside the erasure");
        var left = await StorageProbe.Settle(() => StorageScan.FindAsync(azurite, _host.Prefix, [citizens[2], $"{marker}x2"]), h => h.Count == 0, 30);
        Assert.True(left.Count == 0, "left after the erasure: " + string.Join(", ", left));
        Assert.Equal(HttpStatusCode.NotFound, (await _host.EmployerPerson().GetAsync($"api/cvs/{cvIds[2]}")).StatusCode);
        var states = _host.Services.GetRequiredService<TableVisibilityStateStore>();
        foreach (var i in new[] { 0, 1, 3 })
        {
            await StorageProbe.Eventually(async () => await states.GetAsync("nav", citizens[i], CancellationToken.None) is not null, "the other CVs to be decided");
            Assert.Equal(HttpStatusCode.OK, (await Nav.GetAsync($"api/cvs/{cvIds[i]}")).StatusCode);
        }
    }
}
