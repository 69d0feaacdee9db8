namespace IntegrationHub.Core.Callers;

/// <summary>Which party each client id (the token's azp) acts for. Bound from configuration section "Hub".</summary>
public sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>Client id -> the party it acts for.</summary>
    public Dictionary<string, ClientBinding> Clients { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registry id -> its settings.</summary>
    public Dictionary<string, RegistrySettings> Registries { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public ClientBinding? FindClient(string clientId) => Clients.TryGetValue(clientId, out var b) ? b : null;
}

public sealed class ClientBinding
{
    public PartyKind Kind { get; set; }

    /// <summary>The registry, employer, system or board id this client acts for.</summary>
    public string? Id { get; set; }
}

public sealed class RegistrySettings
{
    /// <summary>NO, DK or NL: picks the visibility policy.</summary>
    public string Jurisdiction { get; set; } = "NO";
}
