using IntegrationHub.Core.Breach;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>
/// At send time no letter leaves with an empty <c>{{dpo}}</c> (GDPR art. 34(2) with 33(3)(b), ADR 0034): a registry
/// without a DPO contact gets no call, and its citizens end failed with the reason on the last attempt.
/// </summary>
public sealed class BreachPageDpoTests
{
    [Fact]
    public async Task Handle_RegistryWithoutDpoContact_PostsNothingForIt_AndFailsThoseLettersWithTheReason()
    {
        // Arrange: one citizen of nav (DPO set) and one of werk (no DPO contact), both secure (no state lookup), last attempt.
        var ledger = new MemoryBreachStores(BreachPageFixtures.RunningCampaign(2), new Dictionary<string, BreachLetter> { ["en"] = new("About your CV", "{{categories}} {{consequences}} {{measures}} DPO: {{dpo}}") });
        var campaigns = ledger;
        var registries = new BreachPageFixtures.RecordingRegistries();
        var options = new BreachDeliveryOptions
        {
            Registries = new(StringComparer.Ordinal)
            {
                ["nav"] = new RegistryDeliveryEndpoint { DpoContact = "personvernombud@nav.example" },
                ["werk"] = new RegistryDeliveryEndpoint(),
            },
        };
        var handler = new BreachPageHandler(campaigns, ledger, registries, new BreachPageFixtures.NoStates(), TimeProvider.System, Options.Create(options), NullLogger<BreachPageHandler>.Instance);
        var page = new BreachDeliveryPage
        {
            MessageId = "m", CorrelationId = "c", CampaignId = campaigns.Campaign.Id, RunId = BreachPageFixtures.RunId, PageNo = 0, After = "", Last = "c|werk|b", Count = 2,
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
}
