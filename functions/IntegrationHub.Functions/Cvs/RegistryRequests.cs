using IntegrationHub.Core.Callers;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Functions.Cvs;

/// <summary>The registry a request acts for: CV writes and the owner's reads need one.</summary>
internal static class RegistryRequests
{
    public static string? RegistryOf(HttpRequest request)
    {
        var caller = request.Caller();
        return caller.Kind == PartyKind.Registry ? caller.PartyId : null;
    }

    public static ObjectResult NotARegistry() =>
        Problems.Result(StatusCodes.Status403Forbidden, "not-a-registry", "Only a CV registry may do this.",
            "The calling client is not bound to a registry in the hub's configuration.");
}
