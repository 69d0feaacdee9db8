using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Visibility;

/// <summary>Consent and status events and the CV decide visibility; a withdrawal is in force as soon as its POST answers.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class VisibilityEndToEndTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private HttpClient _source = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _source = Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static JsonObject Event(string citizenId, string type, int minute, JsonObject? data = null) =>
        CitizenEvents.Event(citizenId, type, T0.AddMinutes(minute), data);

    private static JsonObject AllClear(string citizenId, int minute) => CitizenEvents.AllClear(citizenId, T0.AddMinutes(minute));

    private Task Send(params JsonObject[] events) => CitizenEvents.SendAsync(_source, events);

    private async Task<JsonObject> Visibility(string cvId) => (await Nav.GetFromJsonAsync<JsonObject>($"api/cvs/{cvId}/visibility"))!;

    private async Task<string> SubmitCv(string citizenId)
    {
        var response = await Nav.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizenId)));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>();
    }

    [Fact]
    public async Task EventsBeforeTheCv_AreKept_AndApplyWhenTheCvArrives()
    {
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        await Send(AllClear(citizen, 0));

        var cvId = await SubmitCv(citizen);

        await StorageProbe.Eventually(async () => (await Visibility(cvId))["audience"]!.GetValue<string>() == "Employers", "the CV to become visible to employers");
        var visible = await Visibility(cvId);
        Assert.True(visible["searchable"]!.GetValue<bool>());
        Assert.Equal(["visible"], visible["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Withdrawal_IsInForceAsSoonAsThePostAnswers()
    {
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var cvId = await SubmitCv(citizen);
        await Send(AllClear(citizen, 0));
        await StorageProbe.Eventually(async () => (await Visibility(cvId))["audience"]!.GetValue<string>() == "Employers", "the CV to become visible to employers");

        await Send(Event(citizen, "consent.withdrawn", 5, new JsonObject { ["purpose"] = "employers" }));
        var after = await Visibility(cvId);

        Assert.Equal("Caseworkers", after["audience"]!.GetValue<string>());
        Assert.False(after["searchable"]!.GetValue<bool>());
        Assert.Contains("consent-withdrawn", after["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task History_RecordsEveryChangeOfWhatWasServed_AsContiguousIntervals()
    {
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var cvId = await SubmitCv(citizen);
        await StorageProbe.Eventually(async () => (await Visibility(cvId))["history"]!.AsArray().Count >= 1, "the CV's first decision");
        await Send(AllClear(citizen, 0));
        await Send(Event(citizen, "consent.withdrawn", 5, new JsonObject { ["purpose"] = "employers" }));
        // A repeated, unchanged decision adds nothing.
        await Send(Event(citizen, "active", 6));

        var history = (await Visibility(cvId))["history"]!.AsArray();

        Assert.Equal(["Caseworkers", "Employers", "Caseworkers"], history.Select(h => h!["audience"]!.GetValue<string>()));
        for (var i = 0; i + 1 < history.Count; i++)
        {
            Assert.Equal(history[i + 1]!["from"]!.GetValue<DateTimeOffset>(), history[i]!["to"]!.GetValue<DateTimeOffset>());
        }
        Assert.Null(history[^1]!["to"]);
        Assert.Contains("consent-withdrawn", history[^1]!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task LateEventWithAnOlderTime_DoesNotUndoANewerWithdrawal()
    {
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var cvId = await SubmitCv(citizen);
        await Send(AllClear(citizen, 0), Event(citizen, "consent.withdrawn", 10, new JsonObject { ["purpose"] = "employers" }));

        await Send(Event(citizen, "consent.granted", 5, new JsonObject { ["purpose"] = "employers" }));

        Assert.Equal("Caseworkers", (await Visibility(cvId))["audience"]!.GetValue<string>());
    }

    [Fact]
    public async Task ProtectedAddress_LimitsTheCvToCaseworkersWithClearance()
    {
        var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
        var cvId = await SubmitCv(citizen);
        await Send(AllClear(citizen, 0), Event(citizen, "protected-address.set", 1));

        var state = await Visibility(cvId);

        Assert.Equal("CaseworkersWithClearance", state["audience"]!.GetValue<string>());
        Assert.Contains("protected-address", state["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task WithoutAnyEvent_TheCvStaysHiddenFromEmployers()
    {
        var cvId = await SubmitCv("cit-" + Guid.NewGuid().ToString("N")[..8]);

        var state = await Visibility(cvId);

        Assert.Equal("Caseworkers", state["audience"]!.GetValue<string>());
        Assert.Contains("consent-missing", state["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Visibility_OfAnotherRegistrysCv_Is404()
    {
        var cvId = await SubmitCv("cit-" + Guid.NewGuid().ToString("N")[..8]);
        var jobnet = Host.ClientFor(HubTestHost.JobnetRegistryClient, HubRoles.CvSubmit);

        Assert.Equal(HttpStatusCode.NotFound, (await jobnet.GetAsync($"api/cvs/{cvId}/visibility")).StatusCode);
    }
}
