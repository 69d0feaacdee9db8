using System.Text.Json;
using Azure.Storage.Blobs.Models;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Outbox;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Audit;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Audit;

/// <summary>
/// The audit copy on Azurite (which keeps append blobs but ignores immutability policies; Azure enforces them, see
/// infra/app/storage.bicep): each record kind lands as JSON lines in the hour's append blob, in write order.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class AuditTrailTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 5, 0, TimeSpan.Zero);
    private readonly Clock _time = new(Noon);
    private HubStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TestStorage.CreateAsync(azurite);

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private AuditTrail Trail(bool enabled = true) => new(_storage, Options.Create(new AuditOptions { Enabled = enabled }), _time);

    private static AccessLogEntry Read(string cvId, string requestId) =>
        new(Noon, "acme-client", "acme", "0b6a1c0e-5d3f-4c55-9a7e-e3b1a0c4d2f1", "nav", cvId, AccessKinds.View, ["jobsSought"], requestId);

    [Fact]
    public async Task AccessLog_TwoAppendsInOneHour_LandInOneAppendBlobAsLinesInOrder_AndInTheTable()
    {
        // Arrange
        var table = new TableAccessLog(_storage);
        var log = new AuditedAccessLog(table, Trail());

        // Act
        await log.AppendAsync([Read("cvA", "r1"), Read("cvB", "r1")], CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(10));
        await log.AppendAsync([Read("cvC", "r2")], CancellationToken.None);

        // Assert
        var blobs = await Blobs();
        var blob = Assert.Single(blobs);
        Assert.Equal("access-log/2026/03/02/12-000.jsonl", blob.Name);
        Assert.Equal(BlobType.Append, blob.Properties.BlobType);
        var lines = await Lines(blob.Name);
        Assert.Equal(["cvA", "cvB", "cvC"], lines.Select(l => l.GetProperty("record").GetProperty("cvId").GetString()));
        Assert.All(lines, l => Assert.Equal("access-log", l.GetProperty("kind").GetString()));
        Assert.Equal(2, (await table.ForCvAsync("nav", "cvA", Noon.AddDays(-1), Noon.AddDays(1), CancellationToken.None)).Count
            + (await table.ForCvAsync("nav", "cvB", Noon.AddDays(-1), Noon.AddDays(1), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task AccessLog_NextHour_StartsANewBlob()
    {
        // Arrange
        var log = new AuditedAccessLog(new TableAccessLog(_storage), Trail());
        await log.AppendAsync([Read("cvA", "r1")], CancellationToken.None);

        // Act
        _time.Advance(TimeSpan.FromHours(1));
        await log.AppendAsync([Read("cvB", "r2")], CancellationToken.None);

        // Assert
        Assert.Equal(["access-log/2026/03/02/12-000.jsonl", "access-log/2026/03/02/13-000.jsonl"], (await Blobs()).Select(b => b.Name));
    }

    [Fact]
    public async Task AccessLog_AuditOff_WritesTheTableOnly()
    {
        // Arrange
        var table = new TableAccessLog(_storage);
        var log = new AuditedAccessLog(table, Trail(enabled: false));

        // Act
        await log.AppendAsync([Read("cvA", "r1")], CancellationToken.None);

        // Assert
        Assert.Empty(await Blobs());
        Assert.Single(await table.ForCvAsync("nav", "cvA", Noon.AddDays(-1), Noon.AddDays(1), CancellationToken.None));
    }

    [Fact]
    public async Task Incidents_OneRecordedAndOneLostToARace_OnlyTheRecordedOneIsAppended()
    {
        // Arrange: the store records the first incident; a second one for the same party answers the first's id.
        var inner = new FakeIncidentStore();
        var store = new AuditedIncidentStore(inner, Trail());
        var first = Incident("inc-1");
        var second = Incident("inc-2");
        var alert = new OutboundEvent("e1", "security-alert", "hub", "acme", Noon, OutboundTopics.SecurityAlerts, "acme", "{}");

        // Act
        await store.SuspendAsync(first, alert, CancellationToken.None);
        await store.SuspendAsync(second, alert, CancellationToken.None);
        await store.TryLiftAsync(first with { Status = "lifted", LiftedBy = "privacy-1", LiftReason = "false alarm" }, CancellationToken.None);

        // Assert
        var lines = await Lines(Assert.Single(await Blobs()).Name);
        Assert.Equal(["inc-1", "inc-1"], lines.Select(l => l.GetProperty("record").GetProperty("id").GetString()));
        Assert.Equal("lifted", lines[1].GetProperty("record").GetProperty("status").GetString());
    }

    [Fact]
    public async Task BreachLedger_APage_IsAppendedWithItsCampaignAndPage()
    {
        // Arrange
        var trail = Trail();
        LedgerEntry Row(string key) => new() { Key = key, Status = "delivered", Channel = "digital", Language = "nb", Attempts = 1, At = Noon };

        // Act
        await trail.AppendAsync(AuditTrail.BreachLedgerKind, "camp-1", 3, [Row("nav|c1"), Row("nav|c2")], CancellationToken.None);

        // Assert
        var blob = Assert.Single(await Blobs());
        Assert.StartsWith("breach-ledger/2026/03/02/12-", blob.Name, StringComparison.Ordinal);
        var lines = await Lines(blob.Name);
        Assert.All(lines, l =>
        {
            Assert.Equal("camp-1", l.GetProperty("campaignId").GetString());
            Assert.Equal(3, l.GetProperty("pageNo").GetInt32());
        });
        Assert.Equal(["nav|c1", "nav|c2"], lines.Select(l => l.GetProperty("record").GetProperty("key").GetString()));
    }

    [Fact]
    public void AddHubStorage_Registered_WrapsTheThreeStoresInTheirAuditedForms()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(azurite.Settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSingleton(TimeProvider.System).AddLogging();
        services.AddHubStorage();

        // Act
        using var provider = services.BuildServiceProvider();

        // Assert
        Assert.IsType<AuditedAccessLog>(provider.GetRequiredService<IAccessLog>());
        Assert.IsType<AuditedIncidentStore>(provider.GetRequiredService<IIncidentStore>());
        Assert.IsType<AuditedBreachDeliveryStore>(provider.GetRequiredService<IBreachDeliveryStore>());
    }

    private static Incident Incident(string id) => new()
    {
        Id = id, Party = "acme", ClientId = "acme-client", Rule = "daily-ceiling", Detail = "over", DetectedAt = Noon,
        WindowFrom = Noon.AddDays(-1), WindowTo = Noon, Status = "suspended",
    };

    private async Task<List<BlobItem>> Blobs()
    {
        var items = new List<BlobItem>();
        await foreach (var item in _storage.Container(StorageNames.AuditContainer).GetBlobsAsync())
        {
            items.Add(item);
        }
        return items;
    }

    private async Task<List<JsonElement>> Lines(string name)
    {
        var content = await _storage.Container(StorageNames.AuditContainer).GetBlobClient(name).DownloadContentAsync();
        return [.. content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
    }

    /// <summary>Records the first suspension of a party; later ones answer its id, as TableIncidentStore does.</summary>
    private sealed class FakeIncidentStore : IIncidentStore
    {
        private readonly Dictionary<string, Incident> _byParty = new(StringComparer.Ordinal);

        public Task<string?> SuspensionOfAsync(string party, CancellationToken cancellationToken) =>
            Task.FromResult(_byParty.TryGetValue(party, out var i) ? i.Id : null);

        public Task<string> SuspendAsync(Incident incident, OutboundEvent alert, CancellationToken cancellationToken) =>
            Task.FromResult(_byParty.TryAdd(incident.Party, incident) ? incident.Id : _byParty[incident.Party].Id);

        public Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Incident>>([.. _byParty.Values]);

        public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken) =>
            Task.FromResult(_byParty.Values.FirstOrDefault(i => i.Id == id));

        public Task<bool> TryLiftAsync(Incident lifted, CancellationToken cancellationToken) => Task.FromResult(_byParty.Remove(lifted.Party));
    }

    /// <summary>A clock the test moves.</summary>
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
