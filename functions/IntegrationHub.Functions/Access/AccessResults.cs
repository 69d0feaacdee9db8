using System.Globalization;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Functions.Access;

/// <summary>How the employer-facing functions answer a refused read.</summary>
internal static class AccessResults
{
    public static bool IsEmployerOrBoard(HubCaller caller) => caller.Kind is PartyKind.Employer or PartyKind.Board;

    public static ObjectResult NotAnEmployer() =>
        Problems.Result(StatusCodes.Status403Forbidden, "not-an-employer", "Only an employer or a job board may read CVs here.",
            "The calling client is not bound to an employer or a board in the hub's configuration.");

    public static IActionResult Refused(HttpRequest request, AccessDecision decision)
    {
        switch (decision)
        {
            case AccessDecision.Limited limited:
                request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Problems.Result(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many CVs requested.",
                    $"The account's {limited.Limit} limit is reached; retry after the time in Retry-After.");
            case AccessDecision.Suspended:
                return Problems.Result(StatusCodes.Status403Forbidden, "account-suspended", "This account is suspended.",
                    "The account's access to CVs is suspended pending review by the privacy team.");
            default:
                throw new InvalidOperationException($"Not a refusal: {decision}.");
        }
    }
}
