using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.Tokens;

namespace IntegrationHub.Functions.Hosting;

/// <summary>
/// The bearer handlers' token validation with a cache of the tokens it found valid (ADR 0057): a caller sends the same
/// token with every request until it expires, and its RSA signature check was about 7 % of intake's CPU (issue 18).
/// Wraps the handler JwtBearerHandler calls (JwtBearerOptions.TokenHandlers, a JsonWebTokenHandler).
/// <list type="bullet">
/// <item>Keyed by the token's SHA-256, never the token; nothing here logs.</item>
/// <item>Only a valid result is kept, never a failure: a tampered token hashes differently and is validated in full.</item>
/// <item>An entry ends at the token's <c>exp</c> (no clock skew granted) or <see cref="MaxAge"/> after its validation,
/// whichever comes first; at most <see cref="MaxEntries"/> entries.</item>
/// <item>Empties when the signing keys the parameters carry change (a rotation, or a key withdrawn): an entry was
/// validated against the keys of its moment only.</item>
/// <item>Each hit hands out a copy of the identity, so a request that adds to its principal changes no other request's.</item>
/// </list>
/// </summary>
public sealed class ValidatedTokenCache(TokenHandler inner, TimeProvider clock) : TokenHandler, IDisposable
{
    /// <summary>Long enough to serve a caller's burst, short enough that a revoked app registration's token stops soon.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Callers are apps and people with one token each at a time; an entry is a few KB.</summary>
    public const int MaxEntries = 4096;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private readonly Lock _rotation = new();
    private string? _keys;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var keys = await KeySetAsync(validationParameters);
        if (!string.Equals(keys, Volatile.Read(ref _keys), StringComparison.Ordinal))
        {
            lock (_rotation)
            {
                if (!string.Equals(keys, _keys, StringComparison.Ordinal))
                {
                    _entries.Clear();
                    Volatile.Write(ref _keys, keys);
                }
            }
        }
        var id = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (_entries.TryGetValue(id, out Entry? entry) && entry!.ExpiresAt > clock.GetUtcNow())
        {
            return entry.Result();
        }
        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, ClaimsIdentity: { } identity, SecurityToken: { } validated })
        {
            var now = clock.GetUtcNow();
            var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc)) is var exp && exp < now + MaxAge ? exp : now + MaxAge;
            if (validated.ValidTo != DateTime.MinValue && expiresAt > now)
            {
                _entries.Set(id, new Entry(Copy(identity), validated, result.Issuer, expiresAt), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = expiresAt - now });
                if (!string.Equals(keys, Volatile.Read(ref _keys), StringComparison.Ordinal))
                {
                    // The keys changed while this token was validated against the old ones.
                    _entries.Remove(id);
                }
            }
        }
        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public void Dispose() => _entries.Dispose();

    /// <summary>
    /// The signing keys the parameters validate with: their own, and those of the configuration manager the parameters
    /// carry, if any (JwtBearerHandler puts the OpenID metadata's keys into IssuerSigningKeys; a refreshed metadata
    /// document brings new key objects, so a refresh empties the cache too, which only costs one validation per caller).
    /// </summary>
    private static async Task<string> KeySetAsync(TokenValidationParameters parameters)
    {
        var text = new StringBuilder();
        void Add(SecurityKey? key)
        {
            if (key is not null)
            {
                text.Append(key.KeyId).Append('@').Append(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key)).Append('\n');
            }
        }
        Add(parameters.IssuerSigningKey);
        foreach (var key in parameters.IssuerSigningKeys ?? [])
        {
            Add(key);
        }
        if (parameters.ConfigurationManager is { } manager)
        {
            foreach (var key in (await manager.GetBaseConfigurationAsync(CancellationToken.None)).SigningKeys)
            {
                Add(key);
            }
        }
        return text.ToString();
    }

    private static ClaimsIdentity Copy(ClaimsIdentity identity) =>
        identity is CaseSensitiveClaimsIdentity ? new CaseSensitiveClaimsIdentity(identity) : identity.Clone();

    private sealed record Entry(ClaimsIdentity Identity, SecurityToken Token, string? Issuer, DateTimeOffset ExpiresAt)
    {
        public TokenValidationResult Result() => new() { IsValid = true, ClaimsIdentity = Copy(Identity), SecurityToken = Token, Issuer = Issuer };
    }
}
