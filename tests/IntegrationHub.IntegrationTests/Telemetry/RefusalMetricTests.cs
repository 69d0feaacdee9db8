using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Telemetry;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Telemetry;

/// <summary>
/// Issue 17: the function layer's 403s are counted (hub.http.refusals), each by the rule it answered with, whether the
/// authorizer refused before the function (client-not-registered) or the function itself (an employer on a registry's route).
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class RefusalMetricTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string UnknownCv = "api/cvs/aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private readonly ConcurrentQueue<string?> _rules = new();
    private readonly MeterListener _listener = new();
    private HubTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name == HubMetrics.HttpRefusals)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "rule")
                {
                    _rules.Enqueue(tag.Value as string);
                }
            }
        });
        _listener.Start();
        _host = await HubTestHost.StartAsync(azurite);
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Refusals_ByTheAuthorizerAndByAFunction_AreCountedByRule()
    {
        // Arrange
        using var unbound = _host.ClientFor(HubTestHost.UnboundClient, HubRoles.CvSubmit);
        using var employer = _host.ClientFor(HubTestHost.EmployerClient, HubRoles.CvSubmit);

        // Act
        using var notRegistered = await unbound.GetAsync(new Uri(UnknownCv, UriKind.Relative));
        using var functionRefused = await employer.GetAsync(new Uri(UnknownCv, UriKind.Relative));

        // Assert: both answered 403, and each counted under the rule its problem names (the hub's own name, never a caller's id).
        Assert.Equal(HttpStatusCode.Forbidden, notRegistered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, functionRefused.StatusCode);
        Assert.Contains("client-not-registered", _rules);
        var rule = (await functionRefused.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>().Split('/')[^1];
        Assert.NotEqual("client-not-registered", rule);
        Assert.Contains(rule, _rules);
    }
}
