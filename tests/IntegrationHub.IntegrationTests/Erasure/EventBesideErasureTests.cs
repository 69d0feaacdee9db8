using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Erasure;

/// <summary>
/// A citizen event request beside an erasure, over the dev host and Azurite (ADR 0040): the whole erasure runs right
/// after the intake's tombstone check found none, so the request's writes land after it. No timing is involved: the
/// erasure runs inside the first lookup, which answers what it read before.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class EventBesideErasureTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>The tombstone lookup, with the erasure of one armed citizen run once after its first read.</summary>
    private sealed class EraseAfterFirstLookup(TombstoneLookup lookup, CitizenErasure erasure) : IErasedAtLookup
    {
        public string? Armed { get; set; }

        public async Task<DateTimeOffset?> ErasedAtAsync(string registry, string citizenId, CancellationToken cancellationToken)
        {
            var read = await lookup.ErasedAtAsync(registry, citizenId, cancellationToken);
            if (citizenId == Armed)
            {
                Armed = null;
                Assert.True((await erasure.EraseAsync(registry, citizenId, ErasureTriggers.Request, cancellationToken)).Found);
            }
            return read;
        }
    }

    private HubTestHost _host = null!;
    private EraseAfterFirstLookup _lookup = null!;

    public async Task InitializeAsync() =>
        _host = await HubTestHost.StartAsync(azurite, services: s => s.AddSingleton<IErasedAtLookup>(sp =>
            _lookup = new EraseAfterFirstLookup(ActivatorUtilities.CreateInstance<TombstoneLookup>(sp), sp.GetRequiredService<CitizenErasure>())));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ConsentEvent_ErasureBetweenTheTombstoneCheckAndTheWrites_410_AndNothingOfTheCitizenIsLeft()
    {
        // Arrange: a citizen with events, whose erasure will run beside the next request.
        var source = _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..12];
        await CitizenEvents.SendAsync(source, CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.NotEmpty(await StorageScan.FindAsync(azurite, _host.Prefix, [citizen]));
        _lookup.Armed = citizen;

        // Act: an event from before the erasure
        var response = await source.PostAsync("api/consent-events",
            CvSamples.Json(CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-4)), "application/cloudevents+json"));

        // Assert: answered as a late event is, and neither its ledger row nor a state naming the citizen is left.
        Assert.Null(_lookup.Armed);
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.EndsWith("/citizen-erased", (await response.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        var left = await StorageScan.FindAsync(azurite, _host.Prefix, [citizen]);
        Assert.True(left.Count == 0, "left after the erasure: " + string.Join(", ", left));
    }
}
