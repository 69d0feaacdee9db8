using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Callers;

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
