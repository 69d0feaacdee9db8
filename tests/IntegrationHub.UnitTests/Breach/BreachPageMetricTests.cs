using System.Diagnostics.Metrics;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>
/// hub.breach.letters (issue 17) counts a page's letters by channel and outcome in one measurement per group, not one per
/// letter (ADR 0053): the sums operators read are unchanged, and so are the ledger and the letters sent.
/// </summary>
public sealed class BreachPageMetricTests
{
    /// <summary>Marks the measurements made by this test's own calls (other tests may count letters at the same time).</summary>
    private static readonly AsyncLocal<bool> Mine = new();

    [Fact]
    public async Task Handle_PageOfFiveLetters_CountsEachChannelAndOutcomeOnce_WithTheLetterSums()
    {
        // Arrange: three letters to nav (delivered) and two to werk (no DPO contact: failed on the last attempt).
        var stores = new MemoryBreachStores(BreachPageFixtures.RunningCampaign(5), new Dictionary<string, BreachLetter> { ["en"] = new("About your CV", "{{categories}} {{consequences}} {{measures}} DPO: {{dpo}}") });
        var registries = new BreachPageFixtures.RecordingRegistries();
        var options = new BreachDeliveryOptions
        {
            Registries = new(StringComparer.Ordinal)
            {
                ["nav"] = new RegistryDeliveryEndpoint { DpoContact = "personvernombud@nav.example" },
                ["werk"] = new RegistryDeliveryEndpoint(),
            },
        };
        var handler = new BreachPageHandler(stores, stores, registries, new BreachPageFixtures.NoStates(), TimeProvider.System, Options.Create(options), NullLogger<BreachPageHandler>.Instance);
        string[] keys = ["c|nav|a", "c|nav|b", "c|nav|c", "c|werk|d", "c|werk|e"];
        var page = new BreachDeliveryPage
        {
            MessageId = "m", CorrelationId = "c", CampaignId = stores.Campaign.Id, RunId = BreachPageFixtures.RunId, PageNo = 0, After = "", Last = keys[^1], Count = keys.Length,
            Items = [.. keys.Select(k => new PageItem { Key = k, Language = "en", Channel = BreachChannels.Secure })],
        };
        var measured = new List<(long Count, string Channel, string Outcome)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name == HubMetrics.BreachLetters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (Mine.Value)
            {
                var t = tags.ToArray().ToDictionary(p => p.Key, p => p.Value?.ToString());
                lock (measured)
                {
                    measured.Add((value, t["channel"]!, t["outcome"]!));
                }
            }
        });
        listener.Start();

        // Act
        Mine.Value = true;
        await handler.HandleAsync(page, options.MaxAttempts, CancellationToken.None);
        Mine.Value = false;

        // Assert: two measurements (one per group) with the letters' sums; the ledger and the letters as before.
        Assert.Equal(2, measured.Count);
        Assert.Contains((3L, BreachChannels.Secure, "delivered"), measured);
        Assert.Contains((2L, BreachChannels.Secure, "failed"), measured);
        Assert.Equal(3, registries.Sent.Count);
        Assert.Equal(5, stores.Written.Count);
        Assert.Equal(3, stores.Written.Count(e => e.Status == LedgerStatus.Delivered));
    }
}
