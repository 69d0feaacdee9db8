using IntegrationHub.StandIns;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Telemetry;
using IntegrationHub.IntegrationTests.Breach;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.IntegrationTests.JobAds;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace IntegrationHub.IntegrationTests.Telemetry;

/// <summary>
/// Issue 17's leak test: the whole flow (intake, events, search, view, a job ad, a breach campaign) through the dev host
/// with in-memory exporters at sampling ratio 1.0, then no CV value, citizen id, national ID number, e-mail or phone in
/// any span (name, attribute, event, link), metric (name, tag) or log record (attribute, message, exception).
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class TelemetryLeakTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Alice = "0b7a3c6e-0000-4000-8000-00000000a11c";
    private const string Bob = "0b7a3c6e-0000-4000-8000-0000000000b0";

    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Where, string Text)> _logs = new();
    private FakeRegistryDelivery _registry = null!;
    private BoardStandIns _boards = null!;
    private HubTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _registry = await FakeRegistryDelivery.StartAsync();
        _boards = await BoardStandIns.StartAsync();
        var settings = _registry.Settings("nav");
        foreach (var (key, value) in _boards.Settings())
        {
            settings[key] = value;
        }
        settings["Hub:Telemetry:SamplingRatio"] = "1.0";
        settings["Logging:LogLevel:Default"] = "Debug";
        _host = await HubTestHost.StartAsync(azurite, settings, services: s =>
        {
            s.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(_spans));
            s.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(_metrics));
            s.ConfigureOpenTelemetryLoggerProvider(b => b.AddProcessor(new LogTexts(_logs)));
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _boards.DisposeAsync();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task WholeFlow_InMemoryExporters_NoPersonalDataInAnySpanMetricOrLog()
    {
        // Arrange: a CV whose every personal value is unique to this run, with a national ID number in its free text.
        var run = Guid.NewGuid().ToString("N")[..10];
        var citizen = "leak-citizen-" + run;
        const string nationalId = "01129955131"; // a fødselsnummer of the form NAV's examples use
        var cv = CvSamples.Cv(citizenId: citizen);
        var details = cv["personalDetails"]!.AsObject();
        details["givenName"] = "Leakgiven" + run;
        details["familyName"] = "Leakfamily" + run;
        details["email"] = $"leak.{run}@example.com";
        details["phone"] = "+47 4" + run[..7].Select(c => (char)('0' + (c % 10))).Aggregate("", (a, c) => a + c);
        details["address"]!["street"] = "Leakstreet " + run;
        cv["summary"] = $"Leaksummary {run}. Fødselsnummer {nationalId}.";
        var secrets = new[]
        {
            citizen, details["givenName"]!.GetValue<string>(), details["familyName"]!.GetValue<string>(), details["email"]!.GetValue<string>(),
            details["phone"]!.GetValue<string>(), details["phone"]!.GetValue<string>().Replace(" ", "", StringComparison.Ordinal),
            "Leakstreet " + run, "Leaksummary " + run, nationalId, run,
        };

        var nav = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var source = _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        var employer = _host.EmployerPerson();
        var ats = _host.ClientFor(HubTestHost.RecruitmentSystemClient, HubRoles.JobAdSubmit);
        var (alice, bob) = (Person(Alice), Person(Bob));

        // Act: intake (accepted, then unchanged, then rejected), events, search and view, a job ad, a campaign.
        var cvId = (await Ok(await nav.PostAsync("api/cvs", CvSamples.Json(cv))))["cvId"]!.GetValue<string>();
        await Ok(await nav.PostAsync("api/cvs", CvSamples.Json(cv)));
        var broken = cv.DeepClone().AsObject();
        broken["personalDetails"]!["email"] = 42;
        Assert.Equal(HttpStatusCode.BadRequest, (await nav.PostAsync("api/cvs", CvSamples.Json(broken))).StatusCode);
        await CitizenEvents.SendAsync(source, CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await StorageProbe.Eventually(async () => (await employer.GetAsync($"api/cvs/{cvId}")).StatusCode == HttpStatusCode.OK, "the employer to view the CV", 60);
        await Ok(await employer.GetAsync("api/cvs?occupation=5321&pageSize=20"));
        var ad = JobAdExamples.Json();
        await Ok(await ats.PostAsync("api/jobads", CvSamples.Json(ad)));
        var draft = new JsonObject
        {
            ["title"] = "Leak test",
            ["description"] = "A test breach.",
            ["detectedAt"] = CitizenEvents.Time(DateTimeOffset.UtcNow),
            ["window"] = new JsonObject { ["from"] = CitizenEvents.Time(DateTimeOffset.UtcNow.AddHours(-1)), ["to"] = CitizenEvents.Time(DateTimeOffset.UtcNow.AddHours(1)) },
            ["dataCategories"] = new JsonArray("cv-text"),
            ["likelyConsequences"] = "Employers may know the person was looking for work.",
            ["measuresTaken"] = "Access closed.",
            ["selector"] = new JsonObject { ["kind"] = "citizens", ["registry"] = "nav", ["citizenIds"] = new JsonArray(citizen) },
            ["letters"] = new JsonObject
            {
                ["fallback"] = "en",
                ["en"] = new JsonObject { ["subject"] = "About your CV", ["body"] = "{{organisation}} saw {{exposed}} between {{from}} and {{to}}. {{measures}} {{consequences}} {{dpo}}" },
            },
            ["channelPolicy"] = new JsonObject { ["channels"] = new JsonArray("digital-mailbox") },
        };
        var id = (await Ok(await alice.PostAsync("api/breaches", CvSamples.Json(draft))))["id"]!.GetValue<string>();
        await BreachCampaignTests.CountedAsync(alice, id);
        await Ok(await alice.PostAsync($"api/breaches/{id}/approve", null));
        await Ok(await bob.PostAsync($"api/breaches/{id}/start", null));
        await StorageProbe.Eventually(async () => (await Ok(await alice.GetAsync($"api/breaches/{id}")))["status"]!.GetValue<string>() == "completed",
            "the campaign to complete", 90);
        await StorageProbe.Eventually(() => Task.FromResult(ExportedTelemetry.Snapshot(_spans).Any(s => s.DisplayName.StartsWith("process jobads-", StringComparison.Ordinal))), "a job-ad page handled", 60);
        await _host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Functions.Hosting.QueueGaugePoller>().Single().PollAsync(CancellationToken.None);
        Flush();

        // Assert: the flow was traced and counted...
        // The exporters keep adding from the host's threads (a page still finishing): assert on copies, not the live lists.
        var (spans, metrics) = (ExportedTelemetry.Snapshot(_spans), ExportedTelemetry.Snapshot(_metrics));
        output.WriteLine($"{spans.Count} spans, {metrics.Count} metrics, {_logs.Count} log records");
        Assert.Contains(spans, s => s.DisplayName == "process cv-changes");
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && s.GetTagItem("http.route") is "api/cvs" or "/api/cvs" or "cvs");
        Assert.Contains(metrics, m => m.Name == HubMetrics.CvsSubmitted);
        Assert.Contains(metrics, m => m.Name == HubMetrics.AccessRequests);
        Assert.Contains(metrics, m => m.Name == HubMetrics.BreachLetters);
        Assert.NotEmpty(_logs);

        // ...and nothing personal left in any of it.
        var leaks = Texts().SelectMany(t => secrets.Where(s => t.Text.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"{t.Where}: '{s}' in '{t.Text}'")).ToList();
        Assert.True(leaks.Count == 0, "Personal data in telemetry:\n" + string.Join("\n", leaks.Take(20)));
    }

    private HttpClient Person(string user) => _host.Client(_host.Entra.Mint([HubRoles.BreachManage], HubTestHost.PrivacyConsoleClient, userObjectId: user));

    private static async Task<JsonObject> Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private void Flush()
    {
        _host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        _host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        _host.Services.GetRequiredService<LoggerProvider>().ForceFlush();
    }

    /// <summary>Every string the exporters were handed, with where it came from.</summary>
    private IEnumerable<(string Where, string Text)> Texts()
    {
        foreach (var span in ExportedTelemetry.Snapshot(_spans))
        {
            yield return ($"span name", span.DisplayName);
            foreach (var tag in span.TagObjects)
            {
                yield return ($"span {span.DisplayName} tag {tag.Key}", Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
            foreach (var e in span.Events)
            {
                yield return ($"span {span.DisplayName} event", e.Name);
                foreach (var tag in e.Tags)
                {
                    yield return ($"span {span.DisplayName} event {e.Name} tag {tag.Key}", Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }
            yield return ($"span {span.DisplayName} status", span.StatusDescription ?? "");
        }
        foreach (var text in MetricTexts())
        {
            yield return text;
        }
        foreach (var text in _logs)
        {
            yield return text;
        }
    }

    private List<(string Where, string Text)> MetricTexts()
    {
        var texts = new List<(string, string)>();
        foreach (var metric in ExportedTelemetry.Snapshot(_metrics))
        {
            texts.Add(("metric name", metric.Name));
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    texts.Add(($"metric {metric.Name} tag {tag.Key}", Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
                }
            }
        }
        return texts;
    }

    /// <summary>Copies the text of each log record as it is exported (records are pooled by the SDK and reused).</summary>
    private sealed class LogTexts(System.Collections.Concurrent.ConcurrentQueue<(string Where, string Text)> texts) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            texts.Enqueue(($"log {data.CategoryName} message", data.FormattedMessage ?? ""));
            texts.Enqueue(($"log {data.CategoryName} body", data.Body ?? ""));
            texts.Enqueue(($"log {data.CategoryName} exception", data.Exception?.ToString() ?? ""));
            foreach (var attribute in data.Attributes ?? [])
            {
                texts.Enqueue(($"log {data.CategoryName} attribute {attribute.Key}", Convert.ToString(attribute.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            }
        }
    }
}
