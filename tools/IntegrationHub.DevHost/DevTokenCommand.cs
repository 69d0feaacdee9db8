using IntegrationHub.Functions.Hosting;

namespace IntegrationHub.DevHost;

/// <summary><c>./hub token --role ROLE --client ID [--user OID [--name "Display Name"]] [--minutes N]</c>: prints a dev bearer token, alone, on stdout.</summary>
public static class DevTokenCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var roles = new List<string>();
        string? client = null, user = null, name = null;
        var minutes = 480;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--role" when value is not null: roles.Add(value); i++; break;
                case "--client" when value is not null: client = value; i++; break;
                case "--user" when value is not null: user = value; i++; break;
                case "--name" when value is not null: name = value; i++; break;
                case "--minutes" when value is not null && int.TryParse(value, out var m) && m is > 0 and <= 1440: minutes = m; i++; break;
                default:
                    stderr.WriteLine($"token: unexpected argument '{args[i]}'.");
                    return Usage(stderr);
            }
        }
        if (client is null || roles.Count == 0)
        {
            return Usage(stderr);
        }
        var unknown = roles.Where(r => !Core.Callers.HubRoles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            stderr.WriteLine($"token: unknown role(s) {string.Join(", ", unknown)}; the hub's roles are {string.Join(", ", Core.Callers.HubRoles.All)}.");
            return 2;
        }

        var settings = LocalSettings.Read("local.settings.json").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        var audience = settings.GetValueOrDefault("AzureAd:ClientId");
        var keyFile = settings.GetValueOrDefault(HubAuthentication.DevIssuerKeyFileSetting);
        if (string.IsNullOrEmpty(audience) || string.IsNullOrEmpty(keyFile))
        {
            stderr.WriteLine("token: local.settings.json must set AzureAd__ClientId and Auth__DevIssuer__KeyFile (copy local.settings.example.json).");
            return 2;
        }
        var issuer = DevIssuer.Load(Path.GetFullPath(keyFile), create: true);
        stdout.WriteLine(issuer.Mint(audience, client, roles, user, TimeSpan.FromMinutes(minutes), user is null ? null : name));
        return 0;
    }

    private static int Usage(TextWriter stderr)
    {
        stderr.WriteLine("usage: ./hub token --role ROLE [--role ROLE ...] --client CLIENT_ID [--user OBJECT_ID [--name \"DISPLAY NAME\"]] [--minutes N]");
        stderr.WriteLine($"roles: {string.Join(", ", Core.Callers.HubRoles.All)}");
        return 2;
    }
}
