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
    /// <summary>
    /// Null when the caller may use the employer routes: an employer's client, on behalf of a signed-in person. A job
    /// board reads only through its feed, with its grant and within the boards consent; no machine searches or views
    /// CVs as an employer (werk.nl: employers sign in with eHerkenning, "an automatic coupling is not possible").
    /// </summary>
    public static ObjectResult? RefuseNonEmployer(HubCaller caller) =>
        caller.Kind != PartyKind.Employer ? NotAnEmployer()
        : caller.UserObjectId is null ? UserRequired()
        : null;

    public static ObjectResult NotAnEmployer() =>
        Problems.Result(StatusCodes.Status403Forbidden, "not-an-employer", "Only an employer may search or read CVs here.",
            "The calling client is not bound to an employer in the hub's configuration; a job board reads CVs only through its feed (/api/feed/cvs) with a feed grant.");

    public static ObjectResult UserRequired() =>
        Problems.Result(StatusCodes.Status403Forbidden, "user-required", "A person must do this.",
            "Employer search and view need a signed-in person (a delegated token); an app-only token cannot read CVs.");

    public static IActionResult Refused(HttpRequest request, AccessDecision decision)
    {
        switch (decision)
        {
            case AccessDecision.Limited limited:
                RetryAfter(request, limited.RetryAfter);
                return Problems.Result(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many CVs requested.",
                    $"The {limited.Limit} limit of the account or of the signed-in person is reached; retry after the time in Retry-After.");
            // Not the caller's doing, so not 429 (RFC 6585 section 4: the client sent too many requests): the hub could not
            // record the read and serves nothing uncounted; 503 with Retry-After (RFC 9110 15.6.4) says "try again shortly",
            // which clients' standard retry handlers honour (ADR 0054, amended).
            case AccessDecision.Unrecorded { Cause: AccessDecision.Unrecorded.CounterBusy } busy:
                RetryAfter(request, busy.RetryAfter);
                return Problems.Result(StatusCodes.Status503ServiceUnavailable, "access-counter-busy", "The read could not be recorded yet.",
                    "Other requests of the account were being counted at the same moment and kept the access counter busy for longer "
                    + "than the hub waits. Nothing was served, and no limit was reached; retry after the time in Retry-After.");
            case AccessDecision.Unrecorded unavailable:
                RetryAfter(request, unavailable.RetryAfter);
                return Problems.Result(StatusCodes.Status503ServiceUnavailable, "access-counter-unavailable", "The read could not be recorded.",
                    "The hub's access counters were unavailable. Nothing was served, and no limit was reached; "
                    + "retry after the time in Retry-After.");
            case AccessDecision.Suspended:
                return Problems.Result(StatusCodes.Status403Forbidden, "account-suspended", "This account is suspended.",
                    "The account's access to CVs is suspended pending review by the privacy team.");
            default:
                throw new InvalidOperationException($"Not a refusal: {decision}.");
        }
    }

    private static void RetryAfter(HttpRequest request, TimeSpan after) =>
        request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
