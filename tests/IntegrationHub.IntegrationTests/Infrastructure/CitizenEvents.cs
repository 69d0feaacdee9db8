using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>Citizen events (CloudEvents) as a registry's case system sends them to POST /api/consent-events.</summary>
public static class CitizenEvents
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Event(string citizenId, string type, DateTimeOffset time, JsonObject? data = null) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = "urn:test:case-system",
        ["type"] = "org.integrationhub.citizen." + type,
        ["subject"] = citizenId,
        ["time"] = Time(time),
        ["data"] = data,
    };

    /// <summary>A status snapshot with every fact favourable: consent given, no benefit, no protected address, job-ready.</summary>
    public static JsonObject AllClear(string citizenId, DateTimeOffset time) => Event(citizenId, "status.snapshot", time, new JsonObject
    {
        ["consentToEmployers"] = true,
        ["workOrientedBenefit"] = false,
        ["reducedWorkCapacityBenefit"] = false,
        ["agreedToShowDespiteReducedCapacity"] = false,
        ["jobReady"] = true,
        ["protectedAddress"] = false,
    });

    public static JsonObject Withdrawal(string citizenId, DateTimeOffset time) =>
        Event(citizenId, "consent.withdrawn", time, new JsonObject { ["purpose"] = "employers" });

    public static async Task SendAsync(HttpClient source, params JsonObject[] events)
    {
        var response = await source.PostAsync("api/consent-events", CvSamples.Json(new JsonArray([.. events]), "application/cloudevents-batch+json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
