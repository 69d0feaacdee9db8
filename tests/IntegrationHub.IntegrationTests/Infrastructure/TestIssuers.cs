using System.Security.Cryptography;
using IntegrationHub.Functions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// Stands in for Microsoft Entra ID, which cannot be reached here: mints Entra-shaped v2.0 access tokens
/// (iss, aud = the hub's client id, tid, azp, roles) signed by a key the test host trusts through a static
/// OpenID configuration. Everything after the token (validation, roles, binding) is the hub's real code.
/// </summary>
public sealed class TestEntraIssuer
{
    public const string TenantId = "3c1f6a53-7d2e-4b8e-9a51-0a1b2c3d4e5f";
    public const string HubClientId = "6f1c2d3e-0000-4000-8000-00000000a001";
    public static readonly string Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0";

    // One key for every test host in the run: making an RSA key takes about 0.4 s of CPU on a two-core CI machine, and
    // each test's host made two (this one and the dev issuer's), a tenth of the integration run's CPU. A test that needs
    // a key the hub does not trust makes one (NewKey).
    private static readonly RsaSecurityKey SharedKey = NewKey("entra-test");

    public RsaSecurityKey Key { get; } = SharedKey;

    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public string Mint(
        IEnumerable<string> roles,
        string clientId,
        string? issuer = null,
        string? audience = null,
        SecurityKey? signingKey = null,
        DateTime? expires = null,
        string? userObjectId = null)
    {
        var now = DateTime.UtcNow;
        var exp = expires ?? now.AddHours(1);
        var claims = new Dictionary<string, object>
        {
            ["ver"] = "2.0",
            ["tid"] = TenantId,
            ["azp"] = clientId,
            ["oid"] = userObjectId ?? Guid.NewGuid().ToString(),
            ["sub"] = userObjectId ?? clientId,
            ["roles"] = roles.ToArray(),
        };
        if (userObjectId is null)
        {
            claims["idtyp"] = "app";
        }
        else
        {
            claims["scp"] = "access_as_user";
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? HubClientId,
            IssuedAt = exp.AddHours(-2) < now ? exp.AddHours(-2) : now,
            NotBefore = exp.AddHours(-2) < now ? exp.AddHours(-2) : now,
            Expires = exp,
            Claims = claims,
            SigningCredentials = new SigningCredentials(signingKey ?? Key, SecurityAlgorithms.RsaSha256),
        });
    }
}

/// <summary>The dev issuer's key in a temporary file, as `./hub token` would create it.</summary>
public sealed class TestDevIssuer
{
    // The run's one dev key (see TestEntraIssuer.SharedKey), written into each issuer's own file.
    private static readonly Lazy<string> SharedPem = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportRSAPrivateKeyPem();
    });

    /// <param name="freshKey">A key of its own, made as `./hub token` makes it (a stranger's key), instead of the run's one.</param>
    public TestDevIssuer(bool freshKey = false)
    {
        KeyFile = Path.Combine(Directory.CreateTempSubdirectory("hub-test-devkey-").FullName, "dev-issuer.pem");
        if (!freshKey)
        {
            File.WriteAllText(KeyFile, SharedPem.Value);
        }
        Issuer = DevIssuer.Load(KeyFile, create: true);
    }

    public string KeyFile { get; }

    public DevIssuer Issuer { get; }

    public string Mint(string clientId, params string[] roles) => Issuer.Mint(TestEntraIssuer.HubClientId, clientId, roles);

    /// <summary>Removes the key and its temporary folder.</summary>
    public void Delete() => Directory.Delete(Path.GetDirectoryName(KeyFile)!, recursive: true);
}
