using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IntegrationHub.Functions.Hosting;

/// <summary>
/// Entra ID bearer tokens through Microsoft.Identity.Web ("AzureAd" section), plus, in Development only,
/// the local dev issuer ("Auth:DevIssuer:KeyFile"). A policy scheme picks the handler by the token's issuer.
/// </summary>
public static class HubAuthentication
{
    public const string Scheme = "Hub";
    public const string DevIssuerKeyFileSetting = "Auth:DevIssuer:KeyFile";

    public static IServiceCollection AddHubAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var azureAd = configuration.GetSection("AzureAd");
        if (string.IsNullOrWhiteSpace(azureAd["ClientId"]) || string.IsNullOrWhiteSpace(azureAd["TenantId"]))
        {
            throw new InvalidOperationException("AzureAd:ClientId and AzureAd:TenantId must be set (the hub's Entra ID app registration).");
        }

        var devKeyFile = configuration[DevIssuerKeyFileSetting];
        DevIssuer? devIssuer = null;
        if (!string.IsNullOrWhiteSpace(devKeyFile))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{DevIssuerKeyFileSetting} is set, but the environment is '{environment.EnvironmentName}': the dev issuer is accepted only in Development. Remove the setting.");
            }
            devIssuer = DevIssuer.Load(Path.GetFullPath(devKeyFile, environment.ContentRootPath), create: false);
        }

        var builder = services.AddAuthentication(Scheme);
        builder.AddPolicyScheme(Scheme, "Entra ID or (Development) dev issuer", options =>
        {
            options.ForwardDefaultSelector = context =>
                devIssuer is not null && IssuerOf(context.Request.Headers.Authorization.ToString()) == DevIssuer.Issuer
                    ? DevIssuer.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme;
        });
        builder.AddMicrosoftIdentityWebApi(azureAd, JwtBearerDefaults.AuthenticationScheme);
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters.RoleClaimType = "roles";
            options.TokenValidationParameters.NameClaimType = "oid";
        });

        if (devIssuer is not null)
        {
            var audience = azureAd["ClientId"]!;
            builder.AddJwtBearer(DevIssuer.SchemeName, options =>
            {
                options.MapInboundClaims = false;
                options.RequireHttpsMetadata = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = DevIssuer.Issuer,
                    ValidAudiences = [audience, "api://" + audience],
                    IssuerSigningKey = devIssuer.Key,
                    RoleClaimType = "roles",
                    NameClaimType = "oid",
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
            });
        }
        // Last, after every scheme's own configuration (MapInboundClaims reaches the handlers it finds): each scheme's
        // token handler behind a cache of the tokens it found valid (ADR 0057).
        services.PostConfigureAll<JwtBearerOptions>(options =>
        {
            for (var i = 0; i < options.TokenHandlers.Count; i++)
            {
                if (options.TokenHandlers[i] is not ValidatedTokenCache)
                {
                    options.TokenHandlers[i] = new ValidatedTokenCache(options.TokenHandlers[i], TimeProvider.System);
                }
            }
        });
        return services;
    }

    /// <summary>
    /// Reads tokens only (no validation; thread-safe). One for all requests: a new handler per request cost about 2% of the
    /// intake bench's request CPU in Development (its constructor reads assembly versions for telemetry; issue 18).
    /// </summary>
    private static readonly JsonWebTokenHandler TokenReader = new();

    private static string? IssuerOf(string authorization)
    {
        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorization[bearer.Length..].Trim();
        try
        {
            return TokenReader.CanReadToken(token) ? TokenReader.ReadJsonWebToken(token).Issuer : null;
        }
        catch (ArgumentException)
        {
            return null; // Not a JWT: the Entra handler will refuse it with 401.
        }
    }

    /// <summary>Authenticates the request with the hub's scheme (both hosts call this explicitly).</summary>
    public static Task<AuthenticateResult> AuthenticateHubAsync(this Microsoft.AspNetCore.Http.HttpContext context) =>
        context.AuthenticateAsync(Scheme);
}
