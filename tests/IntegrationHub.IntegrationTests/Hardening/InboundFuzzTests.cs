using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace IntegrationHub.IntegrationTests.Hardening;

/// <summary>
/// The hub's own fuzz suite (issue 15 item 6), through the real dev host on Azurite: for every function with a body,
/// mutations of its contract example; for every GET route, mutations of its path and query parameters (the names from
/// GET /api/openapi.json). Invariants: never a 5xx, never slower than 5 s, every 4xx is problem details and every 400,
/// 413 and 415 names the field, and a refused request stores nothing (no table, queue or blob of the host grows). Fixed seed in CI; `./hub test --fuzz [--seed N] [--cases N]` for a random or given seed.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class InboundFuzzTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Slowest = TimeSpan.FromSeconds(5);

    private InboundHost _hub = null!;

    /// <summary>The storage as the last case left it (null: take a new snapshot).</summary>
    private SortedDictionary<string, int>? _last;

    public async Task InitializeAsync() => _hub = await InboundHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Bodies_MutatedContractExamples_NeverFailTheInvariants()
    {
        var seed = FuzzSettings.Seed;
        Say($"fuzz seed {seed} ({FuzzSettings.BodyCases} cases per endpoint with a body); replay with ./hub test --fuzz --seed {seed}");
        var random = new Random(seed);
        var mutator = new JsonMutator(random);
        var failures = new List<string>();
        var n = 0;
        foreach (var target in _hub.Targets().Where(t => t.TakesBody))
        {
            for (var i = 0; i < FuzzSettings.BodyCases; i++, n++)
            {
                var example = target.Example!();
                if (target.Name == "SubmitJobAd")
                {
                    // EURES pulls: no push delivery keeps retrying in the background while later cases count storage.
                    example["targets"] = new JsonArray("eures");
                }
                var fuzz = mutator.Mutate(example, target.MediaType);
                var path = target.Path(_ => RandomId(random));
                await CheckAsync(target.Caller, HttpMethod.Post, path, fuzz, $"seed {seed} case {n} {target.Name}: {fuzz.Description}", failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Queries_MutatedPathAndQueryParameters_NeverFailTheInvariants()
    {
        var seed = FuzzSettings.Seed;
        var cases = Math.Max(4, FuzzSettings.BodyCases / 4);
        Say($"fuzz seed {seed} ({cases} cases per GET route); replay with ./hub test --fuzz --seed {seed}");
        var random = new Random(seed + 1);
        var openApi = JsonNode.Parse(await (await _hub.Host.Client().GetAsync("api/openapi.json")).Content.ReadAsStringAsync())!;
        var failures = new List<string>();
        var n = 0;
        foreach (var target in _hub.Targets().Where(t => t.Function.HttpMethods.Contains("GET")))
        {
            var names = QueryNames(openApi, "/api/" + target.Function.Route);
            for (var i = 0; i < cases; i++, n++)
            {
                var query = new List<string>();
                foreach (var name in names.Where(_ => random.Next(2) == 0))
                {
                    query.Add(Uri.EscapeDataString(name) + "=" + QueryValue(random));
                }
                if (random.Next(4) == 0)
                {
                    query.Add((random.Next(2) == 0 ? "unknown" : names.FirstOrDefault() ?? "x") + "=" + QueryValue(random));
                }
                var path = target.Path(_ => PathValue(random)) + (query.Count > 0 ? "?" + string.Join("&", query) : "");
                await CheckAsync(target.Caller, HttpMethod.Get, path, null, $"seed {seed} case {n} {target.Name}: GET {Shorten(path)}", failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task CheckAsync(HttpClient client, HttpMethod method, string path, FuzzCase? fuzz, string what, List<string> failures)
    {
        // The last case's closing snapshot is this one's "before" when nothing ran since (a refused case changes nothing;
        // an accepted one was settled): a snapshot reads every table of the host, about 50 requests to Azurite.
        var before = _last ?? await StorageSnapshot.TakeAsync(azurite, _hub.Host.Prefix);
        _last = null;
        using var request = new HttpRequestMessage(method, path);
        if (fuzz is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            if (fuzz.MediaType is { } mediaType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
            }
        }
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        string text;
        try
        {
            response = await client.SendAsync(request);
            text = await response.Content.ReadAsStringAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            failures.Add($"{what}: no answer ({e.GetType().Name})");
            return;
        }
        watch.Stop();
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            failures.Add($"{what}: {status} {Shorten(text)}");
        }
        if (watch.Elapsed > Slowest)
        {
            failures.Add($"{what}: took {watch.Elapsed.TotalSeconds:F1} s");
        }
        if (status is >= 400 and < 500)
        {
            if (Problem(response, text) is not { } problem)
            {
                failures.Add($"{what}: {status} is not problem details: {Shorten(text)}");
            }
            else if (status is 400 or 413 or 415 && !NamesAField(problem))
            {
                failures.Add($"{what}: {status} names no field: {Shorten(text)}");
            }
            // The cv-changes queue is filled by the change pump, a timer with an idle back-off (ADR 0012), from CVs
            // accepted earlier; no request writes it, so its growth during a later case is not that case's doing.
            var after = await StorageSnapshot.TakeAsync(azurite, _hub.Host.Prefix);
            var diff = StorageSnapshot.Grown(before, after)
                .Where(d => !d.StartsWith("queue:" + _hub.Host.Prefix + IntegrationHub.Core.Cvs.CvsQueues.CvChanges + ":", StringComparison.Ordinal)).ToList();
            _last = after;
            if (diff.Count > 0)
            {
                failures.Add($"{what}: refused ({status}) but storage changed: {string.Join("; ", diff)}");
            }
        }
        else if (status < 300 && method != HttpMethod.Get)
        {
            _last = await SettleAsync();
        }
    }

    /// <summary>
    /// After an accepted request, waits until downstream work (pumps, outbox) stops changing storage, so the next case's
    /// count is its own; returns the settled snapshot, or null when the storage was still changing at the deadline.
    /// </summary>
    private async Task<SortedDictionary<string, int>?> SettleAsync()
    {
        var last = await StorageSnapshot.TakeAsync(azurite, _hub.Host.Prefix);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var stable = 0;
        while (stable < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(400);
            var now = await StorageSnapshot.TakeAsync(azurite, _hub.Host.Prefix);
            stable = StorageSnapshot.Diff(last, now).Count == 0 ? stable + 1 : 0;
            last = now;
        }
        return stable >= 2 ? last : null;
    }

    private static JsonNode? Problem(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }
        try
        {
            var node = JsonNode.Parse(text);
            return node?["type"] is not null && node["status"] is not null ? node : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A field in <c>errors</c>, or in a rejected event's errors under <c>results</c>.</summary>
    private static bool NamesAField(JsonNode problem) =>
        problem["errors"] is JsonArray { Count: > 0 } errors && errors.All(e => e?["field"] is not null && e["rule"] is not null)
        || problem["results"] is JsonArray results && results.Any(r => r?["errors"] is JsonArray { Count: > 0 } inner && inner.All(e => e?["field"] is not null));

    private static List<string> QueryNames(JsonNode openApi, string route)
    {
        var template = System.Text.RegularExpressions.Regex.Replace(route, @"\{([^}:]+)(:[^}]*)?\}", "{$1}");
        return openApi["paths"]?[template]?["get"]?["parameters"] is JsonArray parameters
            ? [.. parameters.Where(p => p?["in"]?.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>())]
            : [];
    }

    private static readonly string[] QueryValues =
    [
        "", "x", "20", "0", "-1", "1000000", "99999999999999999999", "abc", "2026-11-01T08:00:00Z", "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "2026-13-45", "%00", "%E2%80%AE", "%FF", "%C3%28", "%0D%0ASet-Cookie:x", "..%2F..%2F", "a%20b",
        "5321", "nav", "work-oriented-benefit", "json", "html", "%F0%9F%98%80",
    ];

    private static string QueryValue(Random random) => random.Next(8) == 0
        ? new string('q', random.Next(150, 5000))
        : QueryValues[random.Next(QueryValues.Length)];

    /// <remarks>
    /// No "..", NUL or "/" in a path value: the client or the web server resolves or refuses those before any route
    /// matches (Kestrel answers 400 itself for a NUL in the path), so they test no function.
    /// </remarks>
    private static string PathValue(Random random) => random.Next(7) switch
    {
        0 => new string('p', random.Next(100, 3000)),
        1 => "\u202e" + RandomId(random),
        2 => "\u0001" + RandomId(random),
        3 => "%FF",
        4 => "a b\ud83d\ude00",
        _ => RandomId(random),
    };

    private static string RandomId(Random random) => string.Concat(Enumerable.Range(0, 26).Select(_ => "abcdefghijklmnopqrstuvwxyz234567"[random.Next(32)]));

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;

    private void Say(string line)
    {
        output.WriteLine(line);
        global::System.Console.WriteLine(line);
    }
}
