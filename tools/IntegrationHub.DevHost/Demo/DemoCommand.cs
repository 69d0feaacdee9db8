using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Functions.Hosting;

namespace IntegrationHub.DevHost.Demo;

/// <summary>
/// <c>./hub demo [--url URL] [--cvs N]</c>: seeds a running hub through its public API only, with the dev issuer's
/// tokens: synthetic CVs for NAV, Jobnet and werk.nl with status events that cover every visibility rule of their
/// countries, job ads to all four boards, an employer that harvests until the hub suspends it, and a drafted breach
/// campaign. Reproducible and idempotent: a second run posts the same CVs, events and ads (answered unchanged or
/// duplicate), and skips the harvest and the campaign when they are already there.
/// </summary>
public static class DemoCommand
{
    private const string PrivacyOfficer = "5d1e6f7a-2b3c-4d5e-8f90-a1b2c3d4e5f6";
    private const string HarvesterUser = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
    // Synthetic display names (the tokens' name claim): the console shows people by them (ADR 0033).
    private static readonly Dictionary<string, string> DemoNames = new(StringComparer.Ordinal)
    {
        [PrivacyOfficer] = "Pia Personvern",
        [HarvesterUser] = "Hugo Harvester",
    };

    private const string CampaignTitle = "Demo: CVs shown to employers while a work-oriented benefit was paid";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var url = "http://127.0.0.1:7071";
        var cvs = 3000;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url" when value is not null: url = value.TrimEnd('/'); i++; break;
                case "--cvs" when value is not null && int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n is >= 30 and <= 100_000: cvs = n; i++; break;
                default:
                    stderr.WriteLine($"demo: unexpected argument '{args[i]}'. usage: ./hub demo [--url URL] [--cvs N (30-100000, default 3000)]");
                    return 2;
            }
        }

        var settings = LocalSettings.Read("local.settings.json").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        var audience = settings.GetValueOrDefault("AzureAd:ClientId");
        var keyFile = settings.GetValueOrDefault(HubAuthentication.DevIssuerKeyFileSetting);
        if (string.IsNullOrEmpty(audience) || string.IsNullOrEmpty(keyFile))
        {
            stderr.WriteLine("demo: local.settings.json must set AzureAd__ClientId and Auth__DevIssuer__KeyFile (copy local.settings.example.json).");
            return 2;
        }
        var issuer = DevIssuer.Load(Path.GetFullPath(keyFile), create: true);
        HttpClient Client(string client, string? user, params string[] roles)
        {
            var http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Mint(audience, client, roles, user, TimeSpan.FromHours(2), DemoNames.GetValueOrDefault(user ?? "")));
            return http;
        }

        using var probe = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            (await probe.GetAsync("api/health")).EnsureSuccessStatusCode();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            stderr.WriteLine($"demo: no healthy hub at {url} ({e.Message}). Start it with ./hub up, then run ./hub demo again.");
            return 1;
        }

        var watch = Stopwatch.StartNew();
        var anchor = new DateTimeOffset(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var registry in DemoData.Registries)
        {
            var count = cvs / DemoData.Registries.Length;
            using var http = Client(registry.Client, null, Core.Callers.HubRoles.CvSubmit, Core.Callers.HubRoles.ConsentWrite);
            var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, token) =>
            {
                var response = await http.PostAsync("api/cvs", Json(DemoData.Cv(registry, index, anchor)), token);
                var status = response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<JsonObject>(token))!["status"]!.GetValue<string>()
                    : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                var problem = response.IsSuccessStatusCode ? null : await response.Content.ReadAsStringAsync(token);
                lock (outcomes)
                {
                    if (problem is not null && !outcomes.ContainsKey(status))
                    {
                        stderr.WriteLine($"demo: the hub refused a {registry.Id} CV ({status}): {problem}");
                    }
                    outcomes[status] = outcomes.GetValueOrDefault(status) + 1;
                }
            });
            stdout.WriteLine($"[demo] {registry.Id} ({registry.Jurisdiction}): {count} CVs: {Describe(outcomes)}");

            var events = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var batch in Enumerable.Range(0, count).Chunk(100))
            {
                var body = new JsonArray([.. batch.Select(i => (JsonNode)DemoData.Snapshot(registry, i, anchor))]);
                var response = await http.PostAsync("api/consent-events", Json(body, "application/cloudevents-batch+json"));
                if (!response.IsSuccessStatusCode)
                {
                    stderr.WriteLine($"demo: the hub refused {registry.Id}'s events ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
                    return 1;
                }
                foreach (var result in (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray())
                {
                    var status = result!["status"]!.GetValue<string>();
                    events[status] = events.GetValueOrDefault(status) + 1;
                }
            }
            stdout.WriteLine($"[demo] {registry.Id}: {count} status events: {Describe(events)}");
        }

        using var ats = Client("dev-ats", null, Core.Callers.HubRoles.JobAdSubmit);
        var ads = new List<string>();
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine("contracts", "examples", "jobad.json")))!.AsObject();
        for (var i = 0; i < 12; i++)
        {
            var ad = example.DeepClone().AsObject();
            ad["reference"] = $"demo:ad:{i:D3}";
            ad["targets"] = new JsonArray("nav", "jobnet", "finn", "eures");
            ad["title"] = $"{example["title"]!.GetValue<string>()} ({i + 1})";
            var response = await ats.PostAsync("api/jobads", Json(ad));
            if (response.IsSuccessStatusCode)
            {
                ads.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["adId"]!.GetValue<string>());
            }
            else
            {
                stderr.WriteLine($"demo: ad {i} refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
            }
        }
        stdout.WriteLine($"[demo] {ads.Count} job ads to NAV, Jobnet, Finn.no and EURES");

        using var privacy = Client("dev-privacy", PrivacyOfficer, Core.Callers.HubRoles.BreachManage);
        var harvest = await HarvestAsync(Client("dev-employer-harvest", HarvesterUser, Core.Callers.HubRoles.CvRead), privacy, stdout, stderr);
        var campaign = await DraftCampaignAsync(privacy, stdout, stderr);

        stdout.WriteLine($"[demo] done in {watch.Elapsed.TotalSeconds:F0} s. Try next:");
        stdout.WriteLine($"  EMPLOYER=$(./hub token --role Cv.Read --client dev-employer-acme --user 0b6a1c0e-5d3f-4c55-9a7e-e3b1a0c4d2f1)");
        stdout.WriteLine($"  curl -s '{url}/api/cvs?occupation=2221&pageSize=5' -H \"Authorization: Bearer $EMPLOYER\"");
        stdout.WriteLine($"  ATS=$(./hub token --role JobAd.Submit --client dev-ats)");
        if (ads.Count > 0)
        {
            stdout.WriteLine($"  curl -s {url}/api/jobads/{ads[0]} -H \"Authorization: Bearer $ATS\"");
        }
        stdout.WriteLine($"  PRIVACY=$(./hub token --role Breach.Manage --client dev-privacy --user {PrivacyOfficer} --name \"Pia Personvern\")");
        stdout.WriteLine($"  curl -s {url}/api/incidents -H \"Authorization: Bearer $PRIVACY\"{(harvest is null ? "" : $"   # incident {harvest}")}");
        if (campaign is not null)
        {
            stdout.WriteLine($"  curl -s -X POST {url}/api/breaches/{campaign}/dry-run -H \"Authorization: Bearer $PRIVACY\"");
        }
        stdout.WriteLine($"  the privacy console: {url}/api/console (sign in with $PRIVACY)");
        return 0;
    }

    /// <summary>An employer account that reads CV after CV until the hub suspends it; skipped when it already is.</summary>
    private static async Task<string?> HarvestAsync(HttpClient harvester, HttpClient privacy, TextWriter stdout, TextWriter stderr)
    {
        using (harvester)
        {
            var existing = await IncidentOfAsync(privacy);
            if (existing is not null)
            {
                stdout.WriteLine($"[demo] the harvesting employer is already suspended (incident {existing})");
                return existing;
            }
            // The CVs posted a moment ago reach the search index within seconds: search and read in rounds until the hub
            // suspends the account, for at most a minute.
            var read = 0;
            var suspended = false;
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (!suspended && DateTime.UtcNow < deadline)
            {
                foreach (var occupation in new[] { "5321", "2221", "7411", "4110", "5223", "8332", "2512", "5120" })
                {
                    var page = await harvester.GetAsync($"api/cvs?occupation={occupation}&pageSize=50");
                    if (page.StatusCode is HttpStatusCode.ServiceUnavailable)
                    {
                        // The read could not be recorded yet (503 access-counter-busy): no limit, so wait and go on.
                        await Task.Delay(page.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                        continue;
                    }
                    if (page.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)
                    {
                        suspended = true;
                        break;
                    }
                    if (!page.IsSuccessStatusCode)
                    {
                        stderr.WriteLine($"demo: the harvesting employer was refused ({(int)page.StatusCode}); is dev-employer-harvest in local.settings.json? (copy its lines from local.settings.example.json)");
                        return null;
                    }
                    foreach (var item in (await page.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray())
                    {
                        var view = await harvester.GetAsync($"api/cvs/{item!["cvId"]!.GetValue<string>()}");
                        read++;
                        if (view.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)
                        {
                            suspended = true;
                            break;
                        }
                    }
                    if (suspended)
                    {
                        break;
                    }
                }
                await Task.Delay(500);
            }
            var incident = await IncidentOfAsync(privacy);
            stdout.WriteLine(incident is null
                ? $"[demo] the harvesting employer read {read} CVs and was not suspended (its limits in local.settings.json are the defaults?)"
                : $"[demo] the harvesting employer read {read} CVs and was suspended (incident {incident})");
            return incident;
        }
    }

    private static async Task<string?> IncidentOfAsync(HttpClient privacy)
    {
        var response = await privacy.GetAsync("api/incidents");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        var items = (await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]?.AsArray() ?? [];
        return items.FirstOrDefault(i => i!["party"]?.GetValue<string>()?.EndsWith("harvestco", StringComparison.Ordinal) == true)?["id"]?.GetValue<string>();
    }

    /// <summary>The example campaign, drafted once (a second run finds it by its title).</summary>
    private static async Task<string?> DraftCampaignAsync(HttpClient privacy, TextWriter stdout, TextWriter stderr)
    {
        var list = await privacy.GetAsync("api/breaches");
        if (list.IsSuccessStatusCode)
        {
            var found = (await list.Content.ReadFromJsonAsync<JsonObject>())!["items"]?.AsArray()
                .FirstOrDefault(c => c!["title"]?.GetValue<string>() == CampaignTitle);
            if (found is not null)
            {
                var id = found["id"]?.GetValue<string>();
                stdout.WriteLine($"[demo] the breach campaign is already drafted ({id})");
                return id;
            }
        }
        var draft = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine("contracts", "examples", "breach-campaign.json")))!.AsObject();
        draft["title"] = CampaignTitle;
        var response = await privacy.PostAsync("api/breaches", Json(draft));
        if (!response.IsSuccessStatusCode)
        {
            stderr.WriteLine($"demo: the campaign draft was refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
            return null;
        }
        var campaign = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]?.GetValue<string>();
        stdout.WriteLine($"[demo] drafted a breach campaign ({campaign})");
        return campaign;
    }

    private static StringContent Json(JsonNode body, string contentType = "application/json") =>
        new(body.ToJsonString(), Encoding.UTF8, contentType);

    private static string Describe(Dictionary<string, int> outcomes) =>
        string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Value} {o.Key}"));
}
