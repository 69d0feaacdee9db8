using IntegrationHub.Core.JobAds.Boards;

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
