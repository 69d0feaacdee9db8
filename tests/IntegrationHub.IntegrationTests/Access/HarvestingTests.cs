using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Outbox;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.IntegrationTests.Access;

/// <summary>
/// The two incidents replayed: one account reading CVs without end (117,000 in 2019, 150,000 in a day in 2024). The
/// hub stops it at the daily ceiling, suspends it, alerts, and records exactly what it received.
/// </summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class HarvestingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private HubTestHost _host = null!;
    private StorageProbe _probe = null!;
    private HttpClient _nav = null!;
    private HttpClient _source = null!;
    private HttpClient _employer = null!;
    private HttpClient _privacy = null!;

    /// <summary>Per-minute and per-hour limits off (account and user): the harvester stays under them, as a patient one would over a day.</summary>
    private async Task Start(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Hub:Access:AccountPerMinute"] = "0", ["Hub:Access:AccountPerHour"] = "0", ["Hub:Access:UserPerMinute"] = "0", ["Hub:Access:UserPerHour"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        _host = await HubTestHost.StartAsync(azurite, all);
        _probe = new StorageProbe(azurite.ConnectionString, _host.Prefix);
        _nav = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        _source = _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        _employer = _host.EmployerPerson();
        _privacy = _host.ClientFor(HubTestHost.PrivacyConsoleClient, HubRoles.BreachManage);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private Task<List<string>> VisibleCvs(int count) => Seed.VisibleCvsAsync(_nav, _source, _privacy, count);

    private async Task<int> AccountLogEntries() =>
        (await _probe.EntitiesAsync(AccessTables.AccessLogTable)).Count(e => e.PartitionKey.StartsWith("party|employer:acme|", StringComparison.Ordinal));

    [Fact]
    public async Task Replay2024_AccountReadingWithoutEnd_IsStoppedAtTheDefaultCeiling_SuspendedAlerted_AndTheIncidentListsExactlyWhatItGot()
    {
        // Arrange: the default ceiling (1,000 CVs per account per day) and 60 CVs to harvest.
        await Start();
        var cvs = await VisibleCvs(60);
        await StorageProbe.Eventually(async () =>
            (await _employer.GetFromJsonAsync<JsonObject>("api/cvs?pageSize=50&occupation=5321"))!["items"]!.AsArray().Count == 50, "a full search page");

        // Act: page through search and view every hit, again and again, up to 150,000 CVs or until refused.
        var received = 0;
        HttpResponseMessage? refused = null;
        string? next = null;
        while (received < 150_000 && refused is null)
        {
            var search = await _employer.GetAsync("api/cvs?pageSize=50&occupation=5321" + (next is null ? "" : "&page=" + Uri.EscapeDataString(next)));
            if (search.StatusCode != HttpStatusCode.OK)
            {
                refused = search;
                break;
            }
            var page = (await search.Content.ReadFromJsonAsync<JsonObject>())!;
            var hits = page["items"]!.AsArray().Select(i => i!["cvId"]!.GetValue<string>()).ToList();
            received += hits.Count;
            next = page["next"]?.GetValue<string>();
            foreach (var id in hits)
            {
                var view = await _employer.GetAsync($"api/cvs/{id}");
                if (view.StatusCode != HttpStatusCode.OK)
                {
                    refused = view;
                    break;
                }
                received++;
            }
        }

        // Assert: stopped, at or under the ceiling, and from then on suspended everywhere.
        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.EndsWith("/account-suspended", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        var logged = await AccountLogEntries();
        Assert.InRange(logged, 950, 1000);
        Assert.True(received < logged, "the wait for a full page also read CVs, so the log holds more than the loop counted");
        Assert.Equal(HttpStatusCode.Forbidden, (await _employer.GetAsync("api/cvs?occupation=5321")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _employer.GetAsync($"api/cvs/{cvs[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _employer.GetAsync($"api/cvs/{IntegrationHub.Core.Kernel.HubIds.NewRandomId()}")).StatusCode);

        // The incident record holds exactly what the access log holds.
        var list = (await _privacy.GetFromJsonAsync<JsonObject>("api/incidents"))!["items"]!.AsArray();
        var incident = Assert.Single(list)!;
        Assert.Equal(("employer:acme", "daily-ceiling", "suspended"),
            (incident["party"]!.GetValue<string>(), incident["rule"]!.GetValue<string>(), incident["status"]!.GetValue<string>()));
        var record = (await _privacy.GetFromJsonAsync<JsonObject>($"api/incidents/{incident["id"]!.GetValue<string>()}"))!;
        Assert.Equal(logged, record["receivedRecordCount"]!.GetValue<int>());
        Assert.Equal(cvs.ToHashSet(), record["received"]!.AsArray().Select(r => r!["cvId"]!.GetValue<string>()).ToHashSet());

        // The console's chart: every read of the window in one hour bucket or another, the limits in force beside them.
        var chart = (await _privacy.GetFromJsonAsync<JsonObject>($"api/incidents/{incident["id"]!.GetValue<string>()}/reads-per-hour"))!;
        Assert.Equal(logged, chart["hours"]!.AsArray().Sum(h => h!["reads"]!.GetValue<int>()));
        Assert.Equal(1000, chart["limits"]!["dailyCeiling"]!.GetValue<int>());
        Assert.Null(chart["baseline"]!["dailyAverage"]); // a new account has no history: no baseline
        Assert.Equal(HttpStatusCode.NotFound, (await _privacy.GetAsync($"api/incidents/{Core.Kernel.HubIds.NewRandomId()}/reads-per-hour")).StatusCode);

        // A security alert left through the outbox.
        await StorageProbe.Eventually(async () => (await _probe.EntitiesAsync(OutboxTables.OutboundEventsTable))
            .Any(e => e.PartitionKey == OutboundTopics.SecurityAlerts && e.GetString("Subject") == $"incidents/{incident["id"]!.GetValue<string>()}"), "the security alert");
    }

    [Fact]
    public async Task Replay2019_EnumeratingCvIds_SuspendsTheAccount()
    {
        await Start(("Hub:Access:NotFoundPerHour", "20"));

        HttpResponseMessage last = null!;
        var tries = 0;
        for (; tries < 117_000; tries++)
        {
            last = await _employer.GetAsync($"api/cvs/{IntegrationHub.Core.Kernel.HubIds.NewRandomId()}");
            if (last.StatusCode != HttpStatusCode.NotFound)
            {
                break;
            }
        }

        Assert.Equal(HttpStatusCode.Forbidden, last.StatusCode);
        Assert.Equal(20, tries);
        var incident = Assert.Single((await _privacy.GetFromJsonAsync<JsonObject>("api/incidents"))!["items"]!.AsArray())!;
        Assert.Equal("enumeration", incident["rule"]!.GetValue<string>());
        Assert.Equal(0, await AccountLogEntries());
    }

    [Fact]
    public async Task PerMinuteLimit_Answers429WithRetryAfter_AndServesNothingMore()
    {
        await Start(("Hub:Access:AccountPerMinute", "3"));
        var cvs = await VisibleCvs(4);

        var answers = new List<HttpResponseMessage>();
        foreach (var id in cvs)
        {
            answers.Add(await _employer.GetAsync($"api/cvs/{id}"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode));
        Assert.InRange(answers[3].Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        var problem = (await answers[3].Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.EndsWith("/rate-limited", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("The per-minute limit of the account or of the signed-in person is reached; retry after the time in Retry-After.", problem["detail"]!.GetValue<string>());
        Assert.Equal(3, await AccountLogEntries());
    }

    [Fact]
    public async Task Lift_WithAReason_RestoresAccess_AndRecordsWhoAndWhy_WithoutAReasonIs400()
    {
        // Arrange: a suspended account.
        await Start(("Hub:Access:NotFoundPerHour", "1"));
        await _employer.GetAsync($"api/cvs/{IntegrationHub.Core.Kernel.HubIds.NewRandomId()}");
        await _employer.GetAsync($"api/cvs/{IntegrationHub.Core.Kernel.HubIds.NewRandomId()}");
        var id = Assert.Single((await _privacy.GetFromJsonAsync<JsonObject>("api/incidents"))!["items"]!.AsArray())!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Forbidden, (await _employer.GetAsync("api/cvs")).StatusCode);

        // Act
        var noReason = await _privacy.PostAsync($"api/incidents/{id}/lift", CvSamples.Json(new JsonObject()));
        var stillSuspended = await _employer.GetAsync("api/cvs");
        var lifted = await _privacy.PostAsync($"api/incidents/{id}/lift", CvSamples.Json(new JsonObject { ["reason"] = "Test account of the employer's own QA; confirmed by phone." }));
        var again = await _privacy.PostAsync($"api/incidents/{id}/lift", CvSamples.Json(new JsonObject { ["reason"] = "twice" }));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stillSuspended.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var record = (await _privacy.GetFromJsonAsync<JsonObject>($"api/incidents/{id}"))!;
        Assert.Equal("lifted", record["incident"]!["status"]!.GetValue<string>());
        Assert.Equal(HubTestHost.PrivacyConsoleClient, record["incident"]!["liftedBy"]!.GetValue<string>());
        Assert.StartsWith("Test account", record["liftReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _employer.GetAsync("api/cvs")).StatusCode);
    }
}
