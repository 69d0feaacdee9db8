using System.Text.Json;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>
/// At send time no letter leaves with an empty <c>{{dpo}}</c> (GDPR art. 34(2) with 33(3)(b), ADR 0034): a registry
/// without a DPO contact gets no call, and its citizens end failed with the reason on the last attempt.
/// </summary>
public sealed class BreachPageDpoTests
{
    private const string RunId = "run-1";

    [Fact]
    public async Task Handle_RegistryWithoutDpoContact_PostsNothingForIt_AndFailsThoseLettersWithTheReason()
    {
        // Arrange: one citizen of nav (DPO set) and one of werk (no DPO contact), both secure (no state lookup), last attempt.
        var ledger = new MemoryBreachStores(Campaign(), new Dictionary<string, BreachLetter> { ["en"] = new("About your CV", "{{categories}} {{consequences}} {{measures}} DPO: {{dpo}}") });
        var campaigns = ledger;
        var registries = new RecordingRegistries();
        var options = new BreachDeliveryOptions
        {
            Registries = new(StringComparer.Ordinal)
            {
                ["nav"] = new RegistryDeliveryEndpoint { DpoContact = "personvernombud@nav.example" },
                ["werk"] = new RegistryDeliveryEndpoint(),
            },
        };
        var handler = new BreachPageHandler(campaigns, ledger, registries, new NoStates(), TimeProvider.System, Options.Create(options), NullLogger<BreachPageHandler>.Instance);
        var page = new BreachDeliveryPage
        {
            MessageId = "m", CorrelationId = "c", CampaignId = campaigns.Campaign.Id, RunId = RunId, PageNo = 0, After = "", Last = "c|werk|b", Count = 2,
            Items = [Item("c|nav|a"), Item("c|werk|b")],
        };

        // Act
        await handler.HandleAsync(page, options.MaxAttempts, CancellationToken.None);

        // Assert
        var sent = Assert.Single(registries.Sent);
        Assert.Equal("nav", sent.Registry);
        Assert.Contains("personvernombud@nav.example", sent.Body, StringComparison.Ordinal);
        var failed = Assert.Single(ledger.Written, e => e.Status == LedgerStatus.Failed);
        Assert.Equal("c|werk|b", failed.Key);
        Assert.Contains("Hub:Breach:Registries:werk:DpoContact", failed.Reason, StringComparison.Ordinal);
    }

    private static PageItem Item(string key) => new() { Key = key, Language = "en", Channel = BreachChannels.Secure };

    private static BreachCampaign Campaign()
    {
        using var example = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "breach-campaign.json")));
        var draft = BreachDraftParser.Parse(example.RootElement, new HashSet<string> { "nav" }, "user-1", DateTimeOffset.UtcNow).Draft!;
        return draft.Campaign with
        {
            Status = BreachStatus.Running,
            Audience = new BreachAudienceSummary
            {
                RunId = RunId, CompletedAt = DateTimeOffset.UtcNow, Citizens = 2, Records = 2, UnresolvedCvs = 0,
                ByRegistry = [], ByLanguage = [], ByChannel = [], ByProtectedStatus = [],
            },
        };
    }

    private sealed class RecordingRegistries : IRegistryDelivery
    {
        public System.Collections.Concurrent.ConcurrentBag<(string Registry, string Body)> Sent { get; } = [];

        public Task<RegistryDeliveryOutcome> DeliverAsync(string registry, RegistryDeliveryRequest request, CancellationToken cancellationToken)
        {
            Sent.Add((registry, request.Body));
            return Task.FromResult(RegistryDeliveryOutcome.Delivered);
        }
    }

    /// <summary>Secure letters need no state lookup; any call would be a defect of the test's setup.</summary>
    private sealed class NoStates : IVisibilityStateStore
    {
        public Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
