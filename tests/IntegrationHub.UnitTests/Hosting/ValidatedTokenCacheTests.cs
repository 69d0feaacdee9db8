using System.Security.Claims;
using System.Security.Cryptography;
using IntegrationHub.Functions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IntegrationHub.UnitTests.Hosting;

/// <summary>
/// The cache of validated bearer tokens (ADR 0057) around the real JsonWebTokenHandler, with Entra-shaped tokens signed
/// by an RSA key, as the hub's JwtBearer schemes validate them.
/// </summary>
public sealed class ValidatedTokenCacheTests : IDisposable
{
    private const string Issuer = "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0";
    private const string Audience = "api://integrationhub";

    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The handler the cache wraps, counting the validations that reach it.</summary>
    private sealed class Counting : TokenHandler
    {
        private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };

        public int Validations { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Validations++;
            return _inner.ValidateTokenAsync(token, validationParameters);
        }
    }

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly Counting _inner = new();
    private readonly ValidatedTokenCache _cache;
    // One key for the class (making an RSA key is CPU-heavy); a foreign key with the same kid is made where a test needs one.
    private static readonly RsaSecurityKey SharedKey = NewKey("k1");
    private readonly RsaSecurityKey _key = SharedKey;

    public ValidatedTokenCacheTests() => _cache = new ValidatedTokenCache(_inner, _clock);

    public void Dispose() => _cache.Dispose();

    private static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    /// <summary>The parameters as the Entra scheme has them (its keys from the OpenID metadata); lifetimes on the test's clock.</summary>
    private TokenValidationParameters Parameters(params SecurityKey[] keys) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKeys = keys.Length > 0 ? keys : [_key],
        RoleClaimType = "roles",
        NameClaimType = "oid",
        ClockSkew = TimeSpan.FromMinutes(5),
        // The handler's own lifetime check on the test's clock (its default, with the 5 minutes of skew Entra's scheme has).
        LifetimeValidator = (notBefore, expires, _, p) => notBefore <= (_clock.GetUtcNow() + p.ClockSkew).UtcDateTime
            && expires > (_clock.GetUtcNow() - p.ClockSkew).UtcDateTime,
    };

    private string Mint(SecurityKey? key = null, TimeSpan? lifetime = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        IssuedAt = Now.UtcDateTime,
        NotBefore = Now.UtcDateTime,
        Expires = (Now + (lifetime ?? TimeSpan.FromHours(1))).UtcDateTime,
        Claims = new Dictionary<string, object> { ["oid"] = "app-1", ["azp"] = "nav-client", ["roles"] = new[] { "Cv.Submit", "Cv.Read" } },
        SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
    });

    [Fact]
    public async Task Validate_SameTokenAgain_ValidatesOnce_AndGivesTheSameRolesAndClaims()
    {
        var token = Mint();

        var first = await _cache.ValidateTokenAsync(token, Parameters());
        var second = await _cache.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid && second.IsValid);
        Assert.Equal(1, _inner.Validations);
        static string[] Claims(ClaimsIdentity identity) => [.. identity.Claims.Select(c => c.Type + "=" + c.Value)];
        Assert.Equal(Claims(first.ClaimsIdentity), Claims(second.ClaimsIdentity));
        Assert.Equal((first.ClaimsIdentity.RoleClaimType, first.ClaimsIdentity.NameClaimType, first.ClaimsIdentity.AuthenticationType, first.ClaimsIdentity.GetType()),
            (second.ClaimsIdentity.RoleClaimType, second.ClaimsIdentity.NameClaimType, second.ClaimsIdentity.AuthenticationType, second.ClaimsIdentity.GetType()));
        var principal = new ClaimsPrincipal(second.ClaimsIdentity);
        Assert.True(principal.IsInRole("Cv.Submit") && principal.IsInRole("Cv.Read") && principal.Identity!.Name == "app-1");
        Assert.Equal(first.SecurityToken.ValidTo, second.SecurityToken.ValidTo);
    }

    [Fact]
    public async Task Validate_AHitsIdentityChanged_TheNextHitIsUnchanged()
    {
        var token = Mint();
        await _cache.ValidateTokenAsync(token, Parameters());

        (await _cache.ValidateTokenAsync(token, Parameters())).ClaimsIdentity.AddClaim(new Claim("roles", "Privacy.Admin"));

        Assert.False(new ClaimsPrincipal((await _cache.ValidateTokenAsync(token, Parameters())).ClaimsIdentity).IsInRole("Privacy.Admin"));
    }

    [Fact]
    public async Task Validate_CachedTokenPastItsExp_IsRefused()
    {
        // Arrange: cached within its 2 minutes (no clock skew granted); then its exp passes, well within the cache's max age.
        var token = Mint(lifetime: TimeSpan.FromMinutes(2));
        var parameters = Parameters();
        parameters.ClockSkew = TimeSpan.Zero;
        Assert.True((await _cache.ValidateTokenAsync(token, parameters)).IsValid);

        // Act
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var late = await _cache.ValidateTokenAsync(token, parameters);

        // Assert: validated in full again, and refused.
        Assert.False(late.IsValid);
        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task Validate_PastItsExpWithinTheClockSkew_IsValidatedAgain_NotServedFromTheCache()
    {
        var token = Mint(lifetime: TimeSpan.FromMinutes(2));
        await _cache.ValidateTokenAsync(token, Parameters());

        _clock.Advance(TimeSpan.FromMinutes(3));
        await _cache.ValidateTokenAsync(token, Parameters());

        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task Validate_AfterMaxAge_ValidatesAgain()
    {
        var token = Mint();
        await _cache.ValidateTokenAsync(token, Parameters());

        _clock.Advance(ValidatedTokenCache.MaxAge + TimeSpan.FromSeconds(1));
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters())).IsValid);

        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task Validate_TamperedTokenWithACachedSibling_IsRefused()
    {
        // Arrange: the genuine token is cached; the tampered one carries its header and signature with more roles.
        var token = Mint();
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters())).IsValid);
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"Cv.Read\"", "\"Privacy.Admin\"", StringComparison.Ordinal);
        var tampered = string.Join('.', parts[0], Base64UrlEncoder.Encode(payload), parts[2]);

        // Act
        var result = await _cache.ValidateTokenAsync(tampered, Parameters());

        // Assert
        Assert.False(result.IsValid);
        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task Validate_AFailure_IsNeverCached()
    {
        var foreign = Mint(NewKey("k1"));

        await _cache.ValidateTokenAsync(foreign, Parameters());
        var again = await _cache.ValidateTokenAsync(foreign, Parameters());

        Assert.False(again.IsValid);
        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task Validate_SigningKeysRotated_EmptiesTheCache_AndATokenOfTheWithdrawnKeyIsRefused()
    {
        // Arrange: a token of key k1, cached.
        var token = Mint();
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters())).IsValid);

        // Act: the metadata now lists only k2 (k1 withdrawn).
        var result = await _cache.ValidateTokenAsync(token, Parameters(NewKey("k2")));

        // Assert
        Assert.False(result.IsValid);
        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task Validate_KeyAddedBesideTheOld_EmptiesTheCacheOnce_ThenServesFromItAgain()
    {
        var token = Mint();
        await _cache.ValidateTokenAsync(token, Parameters());
        var next = NewKey("k2");

        Assert.True((await _cache.ValidateTokenAsync(token, Parameters(_key, next))).IsValid);
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters(_key, next))).IsValid);

        Assert.Equal(2, _inner.Validations);
    }
}
