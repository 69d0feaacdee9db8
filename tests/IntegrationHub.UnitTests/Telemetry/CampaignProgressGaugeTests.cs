using System.Diagnostics.Metrics;
using IntegrationHub.Core.Telemetry;

namespace IntegrationHub.UnitTests.Telemetry;

/// <summary>Issue 17: a running campaign's progress is a gauge per campaign id (a random id, nothing personal); a campaign
/// that stops running leaves the gauge.</summary>
public sealed class CampaignProgressGaugeTests
{
    [Fact]
    public void CampaignProgress_SetThenReplaced_ReportsOnlyTheRunningCampaigns()
    {
        // Arrange
        var seen = new List<(string? Campaign, double Percent)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name == HubMetrics.BreachCampaignProgress)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "campaign.id")
                {
                    seen.Add((tag.Value as string, value));
                }
            }
        });
        listener.Start();

        // Act
        HubMetrics.CampaignProgress(new Dictionary<string, double> { ["brc-test-a"] = 40, ["brc-test-b"] = 100 });
        listener.RecordObservableInstruments();
        var first = seen.ToList();
        seen.Clear();
        HubMetrics.CampaignProgress(new Dictionary<string, double> { ["brc-test-a"] = 55 });
        listener.RecordObservableInstruments();

        // Assert
        Assert.Contains(("brc-test-a", 40.0), first);
        Assert.Contains(("brc-test-b", 100.0), first);
        Assert.Equal([("brc-test-a", 55.0)], seen.Where(s => s.Campaign?.StartsWith("brc-test-", StringComparison.Ordinal) == true));
        HubMetrics.CampaignProgress(new Dictionary<string, double>());
    }
}
