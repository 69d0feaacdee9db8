using System.ComponentModel.DataAnnotations;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Boards;

/// <summary>
/// The boards' endpoints and the resilience of calls to them. Section "Hub:Boards" (<c>Hub__Boards__Nav__BaseUrl</c>, ...).
/// A board without a BaseUrl is not configured: ads targeting it are rejected for it with that reason.
/// </summary>
public sealed class BoardOptions
{
    public const string Section = "Hub:Boards";

    public BoardEndpoint Nav { get; set; } = new();

    public BoardEndpoint Jobnet { get; set; } = new();

    public BoardEndpoint Finn { get; set; } = new();

    public BoardResilience Resilience { get; set; } = new();

    /// <summary>
    /// NAV's own pace for status questions (navikt/pam-import-api docs/index.md, "Ad preview and status"): "set a delay
    /// of 1 hour or more before requesting status again". The other boards publish none (assumed: the page's
    /// redelivery pace, as before).
    /// </summary>
    public static readonly TimeSpan NavMinimumStatusPollInterval = TimeSpan.FromHours(1);

    /// <summary>How long the hub waits between two status questions about one ad at a board (zero: no pace of its own).</summary>
    public TimeSpan StatusPollIntervalFor(string board) =>
        For(board).StatusPollInterval ?? (board == BoardIds.Nav ? NavMinimumStatusPollInterval : TimeSpan.Zero);

    public BoardEndpoint For(string board) => board switch
    {
        BoardIds.Nav => Nav,
        BoardIds.Jobnet => Jobnet,
        BoardIds.Finn => Finn,
        _ => throw new ArgumentException($"Unknown board '{board}'.", nameof(board)),
    };
}

public sealed class BoardEndpoint
{
    /// <summary>The board API's base URL (https in Azure; a loopback fake in tests).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>NAV: the hub's numeric provider id at the import API (the token's providerId claim must equal it).</summary>
    public string? Provider { get; set; }

    /// <summary>
    /// NAV: the bearer token NAV issued to the provider (<c>Hub__Boards__Nav__Token</c>; a Key Vault reference in Azure,
    /// local.settings.json locally). A secret: never logged.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// The least time between two status questions about one ad (<c>Hub__Boards__Nav__StatusPollInterval</c>, a
    /// TimeSpan such as <c>01:00:00</c>). NAV's default and floor outside Development is one hour, as NAV asks; the
    /// stand-ins in Development answer at once, so local settings shorten it.
    /// </summary>
    public TimeSpan? StatusPollInterval { get; set; }
}

/// <summary>
/// Short retries inside one call (exponential backoff with jitter, 429 Retry-After honoured) and a circuit breaker per
/// board; long retries go through the board's queue. See docs/adr/0005-job-ad-delivery.md for why these values.
/// </summary>
public sealed class BoardResilience
{
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(1, 60_000)]
    public int BaseDelayMilliseconds { get; set; } = 200;

    /// <summary>Caps one wait, Retry-After included: a board asking for longer is retried through the queue instead.</summary>
    [Range(1, 120_000)]
    public int MaxDelayMilliseconds { get; set; } = 5_000;

    [Range(1, 600)]
    public int AttemptTimeoutSeconds { get; set; } = 10;

    [Range(1, 3_600)]
    public int TotalTimeoutSeconds { get; set; } = 60;

    /// <summary>The circuit opens when at least this share of calls fail in the sampling window (0.5: far above random 20 % faults).</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls the window must hold before the ratio counts (no opening on 2 failures out of 3).</summary>
    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = 20;

    [Range(1, 3_600)]
    public int CircuitSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open circuit refuses calls before it lets one through to probe the board.</summary>
    [Range(1, 3_600)]
    public int CircuitBreakSeconds { get; set; } = 5;
}

/// <summary>
/// Refuses to start with a board endpoint that is not an absolute URL, or not https outside Development (NAV's bearer
/// token travels on it; issue 15), or NAV without its numeric provider id and token. Without a host environment (a bare
/// service collection) it holds to the rule outside Development.
/// </summary>
public sealed class BoardOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<BoardOptions>
{
    public ValidateOptionsResult Validate(string? name, BoardOptions options)
    {
        var errors = new List<string>();
        foreach (var board in BoardIds.Pushed)
        {
            var endpoint = options.For(board);
            var setting = $"Hub:Boards:{char.ToUpperInvariant(board[0])}{board[1..]}";
            if (endpoint.BaseUrl is { Length: > 0 } url && OutboundSafety.CheckUrl($"{setting}:BaseUrl", url, environment) is { } refused)
            {
                errors.Add(refused);
            }
            if (board == BoardIds.Nav && endpoint.BaseUrl is { Length: > 0 })
            {
                // pam-import-api reads {providerId} as a number (TransferController: pathParam("providerId").toLong()).
                if (!long.TryParse(endpoint.Provider, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    errors.Add($"{setting}:Provider is required with a NAV endpoint and must be NAV's numeric provider id.");
                }
                if (string.IsNullOrWhiteSpace(endpoint.Token))
                {
                    errors.Add($"{setting}:Token is required with a NAV endpoint (the bearer token NAV issued to the provider).");
                }
                if (endpoint.StatusPollInterval is { } pace && pace < BoardOptions.NavMinimumStatusPollInterval && environment?.IsDevelopment() != true)
                {
                    errors.Add($"{setting}:StatusPollInterval must be at least 01:00:00 outside Development: NAV asks for an hour or more between status requests.");
                }
            }
            if (endpoint.StatusPollInterval is { } interval && (interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromDays(1)))
            {
                errors.Add($"{setting}:StatusPollInterval must be between 00:00:01 and 1.00:00:00.");
            }
        }
        var r = options.Resilience;
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(r, new ValidationContext(r), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(v => $"Hub:Boards:Resilience:{string.Join(",", v.MemberNames)}: {v.ErrorMessage}"));
        }
        if (r.MaxDelayMilliseconds < r.BaseDelayMilliseconds)
        {
            errors.Add("Hub:Boards:Resilience:MaxDelayMilliseconds must not be below BaseDelayMilliseconds.");
        }
        if (r.AttemptTimeoutSeconds > r.TotalTimeoutSeconds)
        {
            errors.Add("Hub:Boards:Resilience:AttemptTimeoutSeconds must not exceed TotalTimeoutSeconds.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
