using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IntegrationHub.Functions.Hosting;

/// <summary>
/// The local development token issuer: an RSA key in a file that only a Development host loads.
/// Its tokens look like Entra ID v2.0 access tokens (aud, tid, azp, roles, oid), so the hub treats them alike.
/// </summary>
public sealed class DevIssuer
{
    public const string Issuer = "https://dev-issuer.integrationhub.local/v2.0";
    public const string TenantId = "00000000-0000-0000-0000-0000000000de";
    public const string SchemeName = "DevIssuer";

    private DevIssuer(RsaSecurityKey key) => Key = key;

    public RsaSecurityKey Key { get; }

    /// <summary>Loads the key, creating it first when <paramref name="create"/> is set and the file does not exist.</summary>
    public static DevIssuer Load(string keyFile, bool create)
    {
        if (!File.Exists(keyFile))
        {
            if (!create)
            {
                throw new InvalidOperationException(
                    $"Auth:DevIssuer:KeyFile names '{keyFile}', which does not exist. Run './hub token ...' once to create it, or remove the setting.");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
            using var fresh = RSA.Create(2048);
            File.WriteAllText(keyFile, fresh.ExportRSAPrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(keyFile));
        return new DevIssuer(new RsaSecurityKey(rsa) { KeyId = "dev-" + Convert.ToHexStringLower(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16] });
    }

    /// <summary>Mints an Entra-shaped access token for <paramref name="audience"/>.</summary>
    /// <param name="name">The person's display name (`name` claim, as Entra puts it in a user's access token); users only.</param>
    public string Mint(string audience, string clientId, IEnumerable<string> roles, string? userObjectId = null, TimeSpan? lifetime = null, string? name = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["ver"] = "2.0",
            ["tid"] = TenantId,
            ["azp"] = clientId,
            ["azpacr"] = "1",
            ["sub"] = userObjectId ?? clientId,
            ["oid"] = userObjectId ?? clientId,
            ["roles"] = roles.ToArray(),
        };
        if (userObjectId is null)
        {
            claims["idtyp"] = "app";
        }
        else
        {
            // A delegated (user) token, as Entra issues one to a signed-in person: the hub tells people from apps by it.
            claims["scp"] = "access_as_user";
            if (!string.IsNullOrEmpty(name))
            {
                claims["name"] = name;
            }
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(8)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
