using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>Data set up over the hub's own API, shared by scenario tests.</summary>
public static class Seed
{
    /// <summary>
    /// Posts <paramref name="count"/> CVs of new citizens through the registry, clears each citizen for employers, and
    /// waits until the exposure query (which reads no CV, so counts against no account) sees them all. Returns the CV ids.
    /// </summary>
    public static async Task<List<string>> VisibleCvsAsync(HttpClient registry, HttpClient source, HttpClient privacy, int count)
    {
        var ids = new List<string>();
        var events = new List<JsonObject>();
        for (var i = 0; i < count; i++)
        {
            var citizen = "cit-" + Guid.NewGuid().ToString("N")[..8];
            var response = await registry.PostAsync("api/cvs", CvSamples.Json(CvSamples.Cv(citizenId: citizen)));
            ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["cvId"]!.GetValue<string>());
            events.Add(CitizenEvents.AllClear(citizen, DateTimeOffset.UtcNow.AddMinutes(-5)));
        }
        await CitizenEvents.SendAsync(source, [.. events]);
        await StorageProbe.Eventually(async () =>
        {
            var from = CitizenEvents.Time(DateTimeOffset.UtcNow.AddHours(-1));
            var to = CitizenEvents.Time(DateTimeOffset.UtcNow.AddHours(1));
            var found = await privacy.GetFromJsonAsync<JsonObject>($"api/visibility/exposures?registry=nav&from={from}&to={to}&pageSize=1000");
            return found!["items"]!.AsArray().Count >= count;
        }, $"{count} CVs visible to employers", seconds: 60);
        return ids;
    }
}
