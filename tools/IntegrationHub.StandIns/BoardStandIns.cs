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

namespace IntegrationHub.StandIns;

/// <summary>
/// The national boards' stand-ins on loopback (Kestrel, a free port), built from each owner's published material: NAV
/// (BoardStandIns.Nav.cs, from navikt/pam-import-api), Jobnet (BoardStandIns.Jobnet.cs), Finn.no (BoardStandIns.Finn.cs). EURES is
/// not here: it pulls from the hub (tests/.../JobAds/Eures, ADR 0016). Each checks the payload it gets and answers the board's own refusal when it is wrong, records every request,
/// keeps the ads it holds, decides on them the way the board does (NAV's admin status, Jobnet's approval; after
/// <see cref="Board.DecisionDelay"/>), and injects faults on demand: transient 503s (before or after the ad is stored,
/// the case idempotency keys exist for), 429 with Retry-After, permanent failure, rejection.
/// Shared by the integration tests, ./hub bench jobads and ./hub up (Program.cs: one loopback server on port 7081).
/// </summary>
public sealed partial class BoardStandIns : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BoardStandIns(WebApplication app)
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
    };

    public Board this[string board] => Boards[board];

    /// <summary>The hub settings that point every board at this fake.</summary>
    public Dictionary<string, string?> Settings(bool quickRetries = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:Boards:Nav:BaseUrl"] = $"{BaseAddress}/nav/stillingsimport",
            ["Hub:Boards:Nav:Provider"] = NavProvider.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hub:Boards:Nav:Token"] = NavToken(NavProvider),
            // NAV asks an hour between status questions; the stand-in decides at once, so a second keeps tests quick.
            ["Hub:Boards:Nav:StatusPollInterval"] = "00:00:01",
            ["Hub:Boards:Jobnet:BaseUrl"] = $"{BaseAddress}/jobnet",
            ["Hub:Boards:Finn:BaseUrl"] = $"{BaseAddress}/finn",
        };
        if (quickRetries)
        {
            settings["Hub:Boards:Resilience:BaseDelayMilliseconds"] = "20";
            settings["Hub:Boards:Resilience:MaxDelayMilliseconds"] = "2000";
        }
        return settings;
    }

    /// <param name="port">A loopback port; 0 (tests, benchmarks) takes a free one.</param>
    public static async Task<BoardStandIns> StartAsync(int port = 0)
    {
        // No watching of settings files: each watcher holds one of the user's 128 inotify instances (ADR 0064).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        BoardStandIns? boards = null;
        app.Run(context => boards!.RouteAsync(context));
        await app.StartAsync();
        boards = new BoardStandIns(app);
        return boards;
    }

    /// <summary>Completes when the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

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
            "nav" => Nav(board, context.Request.Method, path, body, context.Request.Headers.Authorization.ToString()),
            "jobnet" => Jobnet(board, context.Request.Method, path, request, context.Request.Query["externalReference"].ToString()),
            "finn" => Finn(board, context.Request.Method, path, body),
            _ => (404, "unknown board"),
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

        /// <summary>When the board decides on the current version (NAV processes it, Jobnet approves or refuses it).</summary>
        public DateTimeOffset DecideAt { get; set; }

        /// <summary>The board's decision once taken: true published, false refused with <see cref="Refusal"/>.</summary>
        public bool? Approved { get; set; }

        public string? Refusal { get; set; }

        public string Uuid { get; } = Guid.NewGuid().ToString();
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

        /// <summary>How long after a write the board decides on the ad (NAV's processing and review, Jobnet's approval).</summary>
        public TimeSpan DecisionDelay { get; set; }

        /// <summary>Decisions wait until this is set back to false (a decision "on demand").</summary>
        public bool HoldDecisions { get; set; }

        /// <summary>When set, the board refuses ads at decision time with this reason (NAV: REJECTED; Jobnet: not approved).</summary>
        public string? RefuseWith { get; set; }

        /// <summary>NAV: the md5 of every transfer taken in (a repeat is SKIPPED, as pam-import-api does).</summary>
        public ConcurrentDictionary<string, byte> Transfers { get; } = new();

        /// <summary>The board's decision on an ad, taken when it is due (lazily, on the next look).</summary>
        public bool? Decide(StoredAd ad, DateTimeOffset now)
        {
            lock (_gate)
            {
                if (ad.Approved is null && !HoldDecisions && now >= ad.DecideAt)
                {
                    ad.Approved = RefuseWith is null;
                    ad.Refusal = RefuseWith;
                }
                return ad.Approved;
            }
        }

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
                var decideAt = DateTimeOffset.UtcNow + DecisionDelay;
                if (Ads.TryGetValue(key, out var existing))
                {
                    existing.Payload = payload;
                    existing.Hash = Name == "nav" ? hashOrRequest : null;
                    existing.Live = true;
                    existing.Writes++;
                    (existing.DecideAt, existing.Approved, existing.Refusal) = (decideAt, null, null);
                    return;
                }
                Ads[key] = new StoredAd(key, payload, Name == "nav" ? hashOrRequest : null, externalReference, code) { DecideAt = decideAt };
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
