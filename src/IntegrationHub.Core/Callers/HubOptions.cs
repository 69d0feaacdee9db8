namespace IntegrationHub.Core.Callers;

/// <summary>
/// Which party each calling client acts for, and the registries. Section "Hub". Clients are a list
/// (<c>Hub__Clients__0__ClientId</c>, <c>__Kind</c>, <c>__Id</c>) because Entra client ids contain '-', which app setting
/// names in Azure cannot.
/// </summary>
public sealed class HubOptions
{
    public const string Section = "Hub";

    private Dictionary<string, ClientBinding>? _byClientId;

    public List<ClientBinding> Clients { get; init; } = [];

    /// <summary>Registry id (lower-case letters and digits) -> its settings.</summary>
    public Dictionary<string, RegistrySettings> Registries { get; init; } = new(StringComparer.Ordinal);

    public ClientBinding? FindClient(string clientId)
    {
        _byClientId ??= Clients.Where(c => !string.IsNullOrEmpty(c.ClientId)).ToDictionary(c => c.ClientId, StringComparer.OrdinalIgnoreCase);
        return _byClientId.GetValueOrDefault(clientId);
    }
}
