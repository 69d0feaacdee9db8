using System.Reflection;
using System.Text.RegularExpressions;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.Telemetry;

namespace IntegrationHub.UnitTests.Telemetry;

/// <summary>The alert rules of infra/app/alerts.bicep query metrics the code emits, by the names the code gives them (issue 17).</summary>
public sealed partial class AlertAgreementTests
{
    private static readonly string Alerts = File.ReadAllText(RepoPaths.Combine("infra", "app", "alerts.bicep"));

    /// <summary>Every metric name the hub emits: the hub meter's names and the boards' signal.</summary>
    private static HashSet<string> EmittedNames() =>
    [
        .. typeof(HubMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != nameof(HubMetrics.MeterName))
            .Select(f => (string)f.GetRawConstantValue()!),
        BoardSignals.AuthFailures.Name,
    ];

    [GeneratedRegex(@"name == \\'([^\\']+)\\'")]
    private static partial Regex MetricName();

    [Fact]
    public void AlertRules_EachMetricTheyQuery_IsEmittedByTheCode()
    {
        // Act
        var queried = MetricName().Matches(Alerts).Select(m => m.Groups[1].Value).ToList();

        // Assert
        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.Contains(name, EmittedNames()));
    }

    [Theory]
    [InlineData(HubMetrics.QueueMessages)]
    [InlineData(HubMetrics.JobAdDeliveries)]
    [InlineData("hub.boards.auth_failures")]
    [InlineData(HubMetrics.IncidentsOpened)]
    [InlineData(HubMetrics.BreachDeadlineHoursLeft)]
    public void AlertRules_TheIssuesSignals_EachHaveARule(string metric) =>
        Assert.Contains($"name == \\'{metric}\\'", Alerts, StringComparison.Ordinal);

    [Fact]
    public void AlertRules_FunctionFailures_QueryFailedRequests() =>
        Assert.Contains("requests | where success == false", Alerts, StringComparison.Ordinal);

    [Fact]
    public void QueueGauge_TagsEachQueue_SoThePoisonRuleCanSelectThem()
    {
        // Arrange
        var seen = new List<(string Name, object? Queue)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HubMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "queue")
                {
                    seen.Add((instrument.Name, tag.Value));
                }
            }
        });
        listener.Start();

        // Act
        HubMetrics.QueueLevel("cv-changes-poison", 3, TimeSpan.FromMinutes(1));
        listener.RecordObservableInstruments();

        // Assert
        Assert.Contains((HubMetrics.QueueMessages, (object?)"cv-changes-poison"), seen);
    }
}
