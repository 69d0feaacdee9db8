using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Boards;

/// <summary>
/// What every outbound call of the hub (job boards, registries' letter endpoints) is held to (issue 15, ADR 0021): an
/// https endpoint outside Development (ads, letters and bearer tokens travel on it), a timeout on every attempt and on
/// the whole call (the resilience pipelines), a success body of at most <see cref="MaxBodyBytes"/> and an error body
/// read only up to <see cref="MaxErrorBodyBytes"/>.
/// </summary>
public static class OutboundSafety
{
    /// <summary>The most of an error body the hub reads: enough for a board's or registry's reason, which is cut to 500 characters anyway.</summary>
    public const int MaxErrorBodyBytes = 4 * 1024;

    /// <summary>
    /// The largest success body the hub buffers (NAV's batch receipt for 100 ads is a few KiB); a larger answer fails the
    /// call (transient) instead of filling memory.
    /// </summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// What the connection handler reads of an unread body before it gives the connection up: at most a little more than
    /// the error body read, so a huge error body costs a closed connection rather than megabytes (SocketsHttpHandler
    /// drains up to 1 MiB by default to reuse the connection).
    /// </summary>
    public const int MaxDrainBytes = 16 * 1024;

    /// <summary>
    /// Null when <paramref name="url"/> may be called in this environment, else the message naming the setting: an
    /// absolute URL, https outside Development (plain http only for the local stand-ins and fakes).
    /// </summary>
    public static string? CheckUrl(string setting, string url, IHostEnvironment? environment)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return $"{setting} must be an absolute http(s) URL.";
        }
        if (uri.Scheme != Uri.UriSchemeHttps && environment?.IsDevelopment() != true)
        {
            return $"{setting} must be an https URL outside Development (plain http is for the local stand-ins only).";
        }
        return null;
    }

    /// <summary>The connection handler of every outbound client: pooled, with the drain cap of <see cref="MaxDrainBytes"/>.</summary>
    public static SocketsHttpHandler PrimaryHandler(int maxConnectionsPerServer = int.MaxValue) => new()
    {
        MaxConnectionsPerServer = maxConnectionsPerServer,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxResponseDrainSize = MaxDrainBytes,
        ResponseDrainTimeout = TimeSpan.FromSeconds(1),
    };
}
