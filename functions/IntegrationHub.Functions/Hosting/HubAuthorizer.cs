using IntegrationHub.Core.Callers;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Hosting;

/// <summary>
/// The one authorization policy of the hub's HTTP functions, run by both hosts before a function:
/// authenticate, check the function's roles, bind the client id to its party. Fails closed.
/// </summary>
public sealed class HubAuthorizer(IOptions<HubOptions> hub)
{
    private const string CallerKey = "IntegrationHub.Caller";

    /// <summary>True when the function may run; otherwise the problem has been written to the response.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext context, HubFunction function)
    {
        if (function.AllowsAnonymous)
        {
            return true;
        }
        if (function.Roles.Count == 0)
        {
            await Problems.WriteAsync(context, Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "This function declares no role and is closed."));
            return false;
        }

        var result = await context.AuthenticateHubAsync();
        if (!result.Succeeded || result.Principal is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.WriteAsync(context, Problems.Create(StatusCodes.Status401Unauthorized, "unauthenticated",
                "A valid bearer token from the hub's identity provider is required."));
            return false;
        }
        context.User = result.Principal;
        var roles = result.Principal.FindAll("roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (!function.Roles.Any(roles.Contains))
        {
            await Problems.WriteAsync(context, Problems.Create(StatusCodes.Status403Forbidden, "forbidden",
                "The caller's roles do not allow this call.", $"Requires one of: {string.Join(", ", function.Roles)}."));
            return false;
        }

        var clientId = result.Principal.FindFirst("azp")?.Value ?? result.Principal.FindFirst("appid")?.Value ?? "";
        var binding = hub.Value.FindClient(clientId);
        if (binding is null)
        {
            await Problems.WriteAsync(context, Problems.Create(StatusCodes.Status403Forbidden, "client-not-registered",
                "The calling client is not bound to a registry, employer or system in the hub's configuration."));
            return false;
        }
        var isUser = result.Principal.FindFirst("idtyp")?.Value != "app" && result.Principal.FindFirst("scp") is not null;
        context.Items[CallerKey] = new HubCaller(
            clientId,
            binding.Kind,
            binding.Id,
            roles,
            isUser ? result.Principal.FindFirst("oid")?.Value : null,
            result.Principal.FindFirst("tid")?.Value ?? "",
            // Entra's access tokens carry the person's display name in `name` (learn.microsoft.com, access token claims reference).
            isUser ? result.Principal.FindFirst("name")?.Value : null);
        return true;
    }

    /// <summary>The caller the authorizer bound to this request; throws when authorization did not run (fail closed).</summary>
    public static HubCaller CallerOf(HttpContext context) =>
        context.Items.TryGetValue(CallerKey, out var caller) && caller is HubCaller c
            ? c
            : throw new InvalidOperationException("No authorized caller on this request: the hub authorizer did not run.");
}
