using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

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

public sealed class ClientBinding
{
    /// <summary>The caller's Entra application (client) id: its tokens' <c>azp</c>.</summary>
    public string ClientId { get; set; } = "";

    public PartyKind Kind { get; set; }

    /// <summary>The registry, employer, system or board id this client acts for.</summary>
    public string Id { get; set; } = "";
}

public sealed class RegistrySettings
{
    /// <summary>NO, DK or NL: picks the visibility policy.</summary>
    public string Jurisdiction { get; set; } = "";
}

/// <summary>Refuses to start with client bindings or registries that would misroute callers.</summary>
public sealed partial class HubOptionsValidator : IValidateOptions<HubOptions>
{
    private static readonly HashSet<string> Jurisdictions = ["NO", "DK", "NL"];

    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var errors = new List<string>();
        foreach (var (id, registry) in options.Registries)
        {
            if (!RegistryId().IsMatch(id))
            {
                errors.Add($"Hub:Registries:{id}: a registry id is 1-32 lower-case letters or digits.");
            }
            if (!Jurisdictions.Contains(registry.Jurisdiction))
            {
                errors.Add($"Hub:Registries:{id}:Jurisdiction must be NO, DK or NL.");
            }
        }
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            if (string.IsNullOrWhiteSpace(client.ClientId))
            {
                errors.Add($"Hub:Clients:{i}:ClientId is required (the caller's client id).");
            }
            if (client.Kind == PartyKind.Unknown)
            {
                errors.Add($"Hub:Clients:{i}:Kind must be Registry, Employer, System, Board or PrivacyTeam.");
            }
            if (string.IsNullOrWhiteSpace(client.Id))
            {
                errors.Add($"Hub:Clients:{i}:Id is required (the party the client acts for).");
            }
            else if (client.Kind == PartyKind.Registry && !options.Registries.ContainsKey(client.Id))
            {
                errors.Add($"Hub:Clients:{i}:Id names registry '{client.Id}', which is not under Hub:Registries.");
            }
        }
        foreach (var duplicate in options.Clients.GroupBy(c => c.ClientId, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 && g.Key.Length > 0))
        {
            errors.Add($"Hub:Clients: client id '{duplicate.Key}' is bound more than once.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9]{1,32}$")]
    private static partial Regex RegistryId();
}
