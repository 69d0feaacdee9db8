namespace IntegrationHub.Boards;

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
