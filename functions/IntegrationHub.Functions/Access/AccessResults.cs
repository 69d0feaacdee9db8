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
                request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Problems.Result(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many CVs requested.", LimitedDetail(limited.Limit));
            case AccessDecision.Suspended:
                return Problems.Result(StatusCodes.Status403Forbidden, "account-suspended", "This account is suspended.",
                    "The account's access to CVs is suspended pending review by the privacy team.");
            default:
                throw new InvalidOperationException($"Not a refusal: {decision}.");
        }
    }

    /// <summary>
    /// What happened, in words true for each cause: a per-minute or per-hour limit is the account's or the signed-in
    /// person's; the other two are no limit at all but a read the counters could not record (ADR 0054), which the caller
    /// did not earn and which counts against nothing. The detail used to name a "concurrency limit" that does not exist.
    /// </summary>
    internal static string LimitedDetail(string limit) => limit switch
    {
        "concurrency" => "This read could not be recorded: other requests of the account were being counted at the same moment and "
            + "kept the access counter busy for longer than the hub waits. Nothing was served or counted; retry after the time in Retry-After.",
        "counter-unavailable" => "This read could not be recorded: the hub's access counters were unavailable. Nothing was served or counted; "
            + "retry after the time in Retry-After.",
        _ => $"The {limit} limit of the account or of the signed-in person is reached; retry after the time in Retry-After.",
    };
}
