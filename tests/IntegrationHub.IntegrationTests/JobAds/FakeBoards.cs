using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.IntegrationTests.JobAds;

/// <summary>
/// The four national boards, faked on loopback (Kestrel, a free port) with the shapes of their APIs. Each checks the
/// payload it gets (JSON shape; XML well-formed and in the expected structure) and answers 400 with the reason when it
/// is wrong, records every request, keeps the ads it holds, and injects faults on demand: transient 503s (before or
/// after the ad is stored, the case idempotency keys exist for), 429 with Retry-After, permanent failure, rejection.
/// Shared by the integration tests and ./hub bench jobads (linked there).
/// </summary>
public sealed class FakeBoards : IAsyncDisposable
{
    public const string NavProvider = "integrationhub";
    private static readonly XNamespace Hr = "http://www.hr-xml.org/3";

    private readonly WebApplication _app;

    private FakeBoards(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = address.TrimEnd('/');
    }

    public string BaseAddress { get; }

    public ConcurrentDictionary<string, Board> Boards { get; } = new()
    {
        ["nav"] = new Board("nav"),
        ["jobnet"] = new Board("jobnet"),
        ["finn"] = new Board("finn"),
        ["eures"] = new Board("eures"),
    };

    public Board this[string board] => Boards[board];

    /// <summary>The hub settings that point every board at this fake.</summary>
    public Dictionary<string, string?> Settings(bool quickRetries = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:Boards:Nav:BaseUrl"] = $"{BaseAddress}/nav",
            ["Hub:Boards:Nav:Provider"] = NavProvider,
            ["Hub:Boards:Jobnet:BaseUrl"] = $"{BaseAddress}/jobnet",
            ["Hub:Boards:Finn:BaseUrl"] = $"{BaseAddress}/finn",
            ["Hub:Boards:Eures:BaseUrl"] = $"{BaseAddress}/eures",
        };
        if (quickRetries)
        {
            settings["Hub:Boards:Resilience:BaseDelayMilliseconds"] = "20";
            settings["Hub:Boards:Resilience:MaxDelayMilliseconds"] = "2000";
        }
        return settings;
    }

    public static async Task<FakeBoards> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeBoards? boards = null;
        app.Run(context => boards!.RouteAsync(context));
        await app.StartAsync();
        boards = new FakeBoards(app);
        return boards;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.Trim('/').Split('/');
        if (path.Length < 1 || !Boards.TryGetValue(path[0], out var board))
        {
            context.Response.StatusCode = 404;
            return;
        }
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(context.Request.Method, "/" + string.Join('/', path[1..]) + context.Request.QueryString,
            context.Request.Headers["X-Request-Id"].ToString() is { Length: > 0 } id ? id : null, body, DateTimeOffset.UtcNow);
        board.Requests.Enqueue(request);

        var fault = board.NextFault();
        if (fault is Fault.Unavailable)
        {
            await Answer(context, 503, "unavailable");
            return;
        }
        if (fault is Fault.TooManyRequests)
        {
            context.Response.Headers.RetryAfter = board.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Answer(context, 429, "slow down");
            return;
        }
        if (board.RejectWith is { } reason && context.Request.Method is "POST" or "PUT")
        {
            await Answer(context, 400, reason);
            return;
        }

        var (status, answer) = board.Name switch
        {
            "nav" => Nav(board, context.Request.Method, path, body),
            "jobnet" => Jobnet(board, context.Request.Method, path, request, context.Request.Query["externalReference"].ToString()),
            "finn" => Finn(board, context.Request.Method, path, body),
            _ => Eures(board, context.Request.Method, path, body),
        };
        if (fault is Fault.UnavailableAfterCommit)
        {
            // The board did the work, then the answer was lost: the sender must retry without making a duplicate.
            await Answer(context, 503, "unavailable (after commit)");
            return;
        }
        await Answer(context, status, answer);
    }

    private static async Task Answer(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = body.StartsWith('<') ? "application/xml" : body.StartsWith('[') || body.StartsWith('{') ? "application/json" : "text/plain";
        await context.Response.WriteAsync(body);
    }

    // ------------------------------------------------------------ NAV: /nav/api/v1/transfers/{provider}[/{reference}]

    private static (int, string) Nav(Board board, string method, string[] path, string body)
    {
        if (path.Length < 5 || path[1] != "api" || path[3] != "transfers" || path[4] != NavProvider)
        {
            return (404, "unknown path or provider");
        }
        if (method == "POST" && path.Length == 5)
        {
            JsonArray ads;
            try
            {
                ads = JsonNode.Parse(body)!.AsArray();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return (400, "body is not a JSON array of ads");
            }
            if (ads.Count is 0 or > 100)
            {
                return (400, "a batch holds 1-100 ads");
            }
            board.BatchSizes.Enqueue(ads.Count);
            var receipts = new JsonArray();
            foreach (var node in ads)
            {
                var ad = node!.AsObject();
                var reference = ad["reference"]?.GetValue<string>() ?? "";
                var problem = NavProblem(ad);
                if (problem is not null)
                {
                    receipts.Add(new JsonObject { ["reference"] = reference, ["status"] = "ERROR", ["message"] = problem });
                    continue;
                }
                var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString())));
                var existing = board.Ads.GetValueOrDefault(reference);
                if (existing is { Live: true } && existing.Hash == hash)
                {
                    receipts.Add(new JsonObject { ["reference"] = reference, ["status"] = "SKIPPED" });
                    continue;
                }
                board.Store(reference, node.ToJsonString(), hash);
                receipts.Add(new JsonObject { ["reference"] = reference, ["status"] = board.NavReceivedFirst ? "RECEIVED" : "DONE" });
            }
            return (200, receipts.ToJsonString());
        }
        if (path.Length == 6)
        {
            var reference = path[5];
            if (method == "DELETE")
            {
                return board.Remove(reference) ? (200, new JsonObject { ["reference"] = reference, ["status"] = "STOPPED" }.ToJsonString()) : (404, "no such ad");
            }
            if (method == "GET")
            {
                return board.Ads.ContainsKey(reference)
                    ? (200, new JsonObject { ["reference"] = reference, ["status"] = "DONE" }.ToJsonString())
                    : (404, "no such ad");
            }
        }
        return (405, "method not allowed");
    }

    private static string? NavProblem(JsonObject ad)
    {
        string[] required = ["reference", "title", "adText", "published", "expires", "positions", "employer", "locationList", "categoryList", "properties"];
        if (required.FirstOrDefault(r => ad[r] is null) is { } missing)
        {
            return $"{missing} is required";
        }
        if (ad["employer"]!["orgnr"]?.GetValue<string>() is not { Length: 9 })
        {
            return "employer.orgnr must be 9 digits";
        }
        if (ad["categoryList"]!.AsArray().All(c => c!["categoryType"]?.GetValue<string>() != "STYRK08"))
        {
            return "a STYRK08 category is required";
        }
        if (ad["locationList"]!.AsArray().Count == 0 || ad["positions"]!.GetValue<int>() < 1)
        {
            return "at least one location and one position";
        }
        return null;
    }

    // ------------------------------------------------------------ Jobnet: /jobnet/api/jobads[/{id}[/close]]

    private static (int, string) Jobnet(Board board, string method, string[] path, RecordedRequest request, string externalReference)
    {
        if (path.Length < 3 || path[1] != "api" || path[2] != "jobads")
        {
            return (404, "unknown path");
        }
        if (method == "GET" && path.Length == 3)
        {
            var found = board.Ads.Values.FirstOrDefault(a => a.ExternalReference == externalReference);
            return found is null ? (404, "no such ad") : (200, new JsonObject { ["id"] = found.Key }.ToJsonString());
        }
        if (request.RequestId is null)
        {
            return (400, "X-Request-Id is required");
        }
        if (!board.RequestIds.TryAdd(request.RequestId, 0))
        {
            return (412, "request id already used");
        }
        if (method is "POST" or "PUT" && path.Length <= 4 && (path.Length == 3) == (method == "POST"))
        {
            JsonObject ad;
            try
            {
                ad = JsonNode.Parse(request.Body)!.AsObject();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return (400, "body is not a JSON object");
            }
            var reference = ad["externalReference"]?.GetValue<string>();
            if (reference is null || ad["title"] is null || ad["occupation"]?["discoCode"]?.GetValue<string>() is not { Length: 4 }
                || ad["workplace"]?["countryCode"]?.GetValue<string>() != "DK")
            {
                return (400, "externalReference, title, occupation.discoCode and a workplace in DK are required");
            }
            var id = method == "POST" ? "JN-" + board.NextId() : path[3];
            if (method == "PUT" && !board.Ads.ContainsKey(id))
            {
                return (404, "no such ad");
            }
            board.Store(id, request.Body, request.RequestId, reference);
            return (method == "POST" ? 201 : 200, new JsonObject { ["id"] = id }.ToJsonString());
        }
        if (method == "POST" && path.Length == 5 && path[4] == "close")
        {
            return board.Remove(path[3]) ? (200, "{}") : (404, "no such ad");
        }
        return (405, "method not allowed");
    }

    // ------------------------------------------------------------ Finn.no: /finn/api/ads/{id}

    private static (int, string) Finn(Board board, string method, string[] path, string body)
    {
        if (path.Length != 4 || path[1] != "api" || path[2] != "ads")
        {
            return (404, "unknown path");
        }
        var id = path[3];
        if (method == "DELETE")
        {
            return board.Remove(id) ? (204, "") : (404, "no such ad");
        }
        if (method != "PUT")
        {
            return (405, "method not allowed");
        }
        XDocument xml;
        try
        {
            xml = XDocument.Parse(body);
        }
        catch (XmlException e)
        {
            return (400, "not well-formed XML: " + e.Message);
        }
        var root = xml.Root!;
        if (root.Name != "FinnJobAd" || root.Element("ExternalId")?.Value != id)
        {
            return (400, "root must be FinnJobAd with ExternalId matching the URL");
        }
        if (string.IsNullOrEmpty(root.Element("Company")?.Element("Name")?.Value)
            || string.IsNullOrEmpty(root.Element("ApplicationUrl")?.Value)
            || root.Element("Contacts")?.Elements("Contact").Any() != true
            || string.IsNullOrEmpty(root.Element("Occupation")?.Attribute("code")?.Value)
            || root.Elements("JobTitle").Count() != 1)
        {
            return (400, "company, application URL, a contact, an occupation and one job title are required");
        }
        var days = (DateTime.Parse(root.Element("Expires")!.Value, System.Globalization.CultureInfo.InvariantCulture)
            - DateTime.Parse(root.Element("Published")!.Value, System.Globalization.CultureInfo.InvariantCulture)).TotalDays;
        if (days > 42)
        {
            return (400, "an ad runs at most 42 days");
        }
        var code = board.Ads.GetValueOrDefault(id)?.Code ?? "FINN" + board.NextId();
        board.Store(id, body, null, code: code);
        return (200, new XElement("Receipt", new XElement("FinnCode", code)).ToString());
    }

    // ------------------------------------------------------------ EURES: /eures/api/position-openings/{id}

    private static (int, string) Eures(Board board, string method, string[] path, string body)
    {
        if (path.Length != 4 || path[1] != "api" || path[2] != "position-openings")
        {
            return (404, "unknown path");
        }
        var id = path[3];
        if (method == "DELETE")
        {
            return board.Remove(id) ? (204, "") : (404, "no such ad");
        }
        if (method != "PUT")
        {
            return (405, "method not allowed");
        }
        XDocument xml;
        try
        {
            xml = XDocument.Parse(body);
        }
        catch (XmlException e)
        {
            return (400, "not well-formed XML: " + e.Message);
        }
        var root = xml.Root!;
        var profile = root.Element(Hr + "PositionProfile");
        var esco = profile?.Elements(Hr + "JobCategoryCode").FirstOrDefault(e => (string?)e.Attribute("listName") == "ESCO_Occupations")?.Value;
        if (root.Name != Hr + "PositionOpening" || root.Element(Hr + "DocumentID")?.Value != id || profile is null
            || profile.Element(Hr + "PositionTitle") is null || esco?.StartsWith("http://data.europa.eu/esco/", StringComparison.Ordinal) != true)
        {
            return (400, "an HR-XML 3 PositionOpening with DocumentID, PositionTitle and an ESCO JobCategoryCode is required");
        }
        board.Store(id, body, null);
        return (200, "<Acknowledgement/>");
    }

    public enum Fault
    {
        None,
        Unavailable,
        UnavailableAfterCommit,
        TooManyRequests,
    }

    public sealed record RecordedRequest(string Method, string Path, string? RequestId, string Body, DateTimeOffset At);

    public sealed class StoredAd(string key, string payload, string? hash, string? externalReference, string? code)
    {
        public string Key { get; } = key;

        public string Payload { get; set; } = payload;

        public string? Hash { get; set; } = hash;

        public string? ExternalReference { get; } = externalReference;

        public string? Code { get; } = code;

        public bool Live { get; set; } = true;

        public int Writes { get; set; } = 1;
    }

    public sealed class Board(string name)
    {
        private readonly Lock _gate = new();
        private long _lastId = 100_000;

        public string Name { get; } = name;

        public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

        public ConcurrentQueue<int> BatchSizes { get; } = new();

        public ConcurrentDictionary<string, StoredAd> Ads { get; } = new();

        public ConcurrentDictionary<string, byte> RequestIds { get; } = new();

        /// <summary>Jobnet: ads created per external reference (more than one is a duplicate at the board).</summary>
        public ConcurrentDictionary<string, int> Creations { get; } = new();

        /// <summary>Share of requests that fail transiently (split between 503 before, 503 after the work, and 429).</summary>
        public double TransientFaultRate { get; set; }

        public bool TooManyRequestsOnly { get; set; }

        public int RetryAfterSeconds { get; set; } = 1;

        /// <summary>Every request answers 503.</summary>
        public bool Down { get; set; }

        /// <summary>Every POST/PUT answers 400 with this reason.</summary>
        public string? RejectWith { get; set; }

        /// <summary>NAV: receipts say RECEIVED (decided later, on GET) instead of DONE.</summary>
        public bool NavReceivedFirst { get; set; }

        /// <summary>Faults to inject on the next requests, in order, before the random ones.</summary>
        public ConcurrentQueue<Fault> Script { get; } = new();

        private int _faultsInjected;

        public int FaultsInjected => _faultsInjected;

        public Fault NextFault()
        {
            var fault = Roll();
            if (fault != Fault.None)
            {
                Interlocked.Increment(ref _faultsInjected);
            }
            return fault;
        }

        private Fault Roll()
        {
            if (Script.TryDequeue(out var scripted))
            {
                return scripted;
            }
            if (Down)
            {
                return Fault.Unavailable;
            }
            var roll = Random.Shared.NextDouble();
            if (roll >= TransientFaultRate)
            {
                return Fault.None;
            }
            if (TooManyRequestsOnly)
            {
                return Fault.TooManyRequests;
            }
            var share = roll / TransientFaultRate;
            return share < 0.5 ? Fault.Unavailable : share < 0.8 ? Fault.UnavailableAfterCommit : Fault.TooManyRequests;
        }

        public long NextId() => Interlocked.Increment(ref _lastId);

        public void Store(string key, string payload, string? hashOrRequest, string? externalReference = null, string? code = null)
        {
            lock (_gate)
            {
                if (Ads.TryGetValue(key, out var existing))
                {
                    existing.Payload = payload;
                    existing.Hash = Name == "nav" ? hashOrRequest : null;
                    existing.Live = true;
                    existing.Writes++;
                    return;
                }
                Ads[key] = new StoredAd(key, payload, Name == "nav" ? hashOrRequest : null, externalReference, code);
                if (externalReference is not null)
                {
                    Creations.AddOrUpdate(externalReference, 1, (_, n) => n + 1);
                }
            }
        }

        public bool Remove(string key)
        {
            lock (_gate)
            {
                if (!Ads.TryGetValue(key, out var ad) || !ad.Live)
                {
                    return false;
                }
                ad.Live = false;
                return true;
            }
        }

        /// <summary>Live ads held for the hub's ad id (Jobnet keys its ads by its own id, the others by the hub's).</summary>
        public IEnumerable<StoredAd> LiveFor(string adId) =>
            Ads.Values.Where(a => a.Live && (a.Key == adId || a.ExternalReference == adId));
    }
}
