using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Access;

/// <summary>
/// The boards' CV feed (EURES-style): every shareable reference, the change list (created, modified, closed) and the
/// details of up to 100 references, with only the sections each citizen consented to share with boards. For a board's
/// client (Cv.Read, bound as a Board) with a feed grant in "Hub:Feeds:Boards:{id}".
/// </summary>
/// <remarks>The pages come from <see cref="BoardFeedQueries"/>, the CVs from <see cref="EmployerCvService"/>; the function reads no store.</remarks>
public sealed class BoardFeedFunctions(BoardFeedQueries queries, EmployerCvService service, IOptions<FeedOptions> feeds, ContinuationTokens tokens)
{

    /// <summary>100 ids of at most 128 characters are under 16 KiB; 64 KiB leaves room for whitespace and nothing for a flood.</summary>
    private const int MaxDetailsBodyBytes = 64 * 1024;

    // References and the change list carry no CV content, so they are not counted (no `rate-limited` here); a suspended
    // board still gets none of them (`account-suspended`), as it gets no details, until the privacy team lifts it.
    [ApiOperation("Employer access", "A board's feed: references to the CVs it may receive.", Problems = ["no-feed-grant", "account-suspended", "validation"])]
    [ApiParameter("page", "The previous page's opaque `next`.")]
    [ApiResponse(200, "References and `next`.", Type = typeof(BoardFeedReferences))]
    [Function("FeedShareableCvs")]
    [RequireRole(HubRoles.CvRead)]
    public async Task<IActionResult> Shareable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "feed/cvs")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (Grant(request) is null)
        {
            return NoGrant();
        }
        var parameters = new QueryParameters(request);
        var page = parameters.Token("page", tokens, BoardFeedQueries.ShareablePurpose);
        if (parameters.Errors.Count > 0)
        {
            return Problems.Validation(parameters.Errors, QueryParameters.Title);
        }
        return Answer(request, await queries.ShareableAsync(request.Caller(), page, cancellationToken));
    }

    [ApiOperation("Employer access", "A board's change list (created, modified, closed) since a token or time.", Problems = ["no-feed-grant", "account-suspended", "validation"])]
    [ApiParameter("since", "A change token or an ISO 8601 time.")]
    [ApiResponse(200, "Changes and the next token.", Type = typeof(BoardFeedChanges))]
    [Function("FeedCvChanges")]
    [RequireRole(HubRoles.CvRead)]
    public async Task<IActionResult> Changes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "feed/cvs/changes")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (Grant(request) is null)
        {
            return NoGrant();
        }
        // "since" is a token from an earlier answer ("next"), or a date-time to start from.
        var parameters = new QueryParameters(request);
        var since = parameters.Text("since", maxLength: 100);
        var token = since is not null && BoardFeedQueries.IsChangeToken(since) ? since : null;
        var from = since is not null && token is null ? parameters.Time("since") : null;
        if (parameters.Errors.Count > 0)
        {
            return Problems.Validation(parameters.Errors, QueryParameters.Title);
        }
        return Answer(request, await queries.ChangesAsync(request.Caller(), token, from, cancellationToken));
    }

    [ApiOperation("Employer access", "Up to 100 CVs, only the sections the citizen consented to share with boards.", Problems = ["no-feed-grant", "account-suspended", "validation", "malformed-json", "duplicate-key", "rate-limited", "access-counter-busy", "access-counter-unavailable", "unsupported-media-type"])]
    [ApiRequest("application/json", Schema = "Object")]
    [ApiResponse(200, "The CVs.", Schema = "Object")]
    [Function("FeedCvDetails")]
    [JsonRequestBody(MaxDetailsBodyBytes)]
    [RequireRole(HubRoles.CvRead)]
    public async Task<IActionResult> Details(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "feed/cvs/details")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (Grant(request) is not { } grant)
        {
            return NoGrant();
        }
        // Through the pipeline: a body of millions of ids stops at the size limit, unread (issue 15).
        var (body, problem) = await JsonBody.ReadAsync(request, cancellationToken, MaxDetailsBodyBytes);
        if (problem is not null)
        {
            return problem;
        }
        List<string> ids;
        using (body)
        {
            if (body!.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty("cvIds", out var list)
                || list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                return Problems.Validation([new FieldError("/cvIds", "type", "must be an array of CV ids")]);
            }
            ids = [.. list.EnumerateArray().Select(e => e.GetString()!)];
        }
        if (ids.Count is 0 or > FeedOptions.MaxDetails)
        {
            return Problems.Validation([new FieldError("/cvIds", "maxItems", $"must hold 1 to {FeedOptions.MaxDetails} CV ids")]);
        }
        var result = await service.FeedDetailsAsync(request.Caller(), ids, grant.DailyCeiling, request.HttpContext.TraceIdentifier, cancellationToken);
        if (result is not EmployerRead<(IReadOnlyList<EmployerCv> Found, IReadOnlyList<string> NotFound)>.Served(var (found, notFound)))
        {
            return AccessResults.Refused(request, ((EmployerRead<(IReadOnlyList<EmployerCv>, IReadOnlyList<string>)>.Refused)result).Decision);
        }
        return new ContentResult
        {
            StatusCode = StatusCodes.Status200OK,
            ContentType = "application/json",
            Content = new System.Text.Json.Nodes.JsonObject
            {
                ["items"] = new System.Text.Json.Nodes.JsonArray([.. found.Select(f => f.Document.DeepClone())]),
                ["notFound"] = new System.Text.Json.Nodes.JsonArray([.. notFound.Select(id => System.Text.Json.Nodes.JsonValue.Create(id))]),
            }.ToJsonString(),
        };
    }

    private static IActionResult Answer<T>(HttpRequest request, EmployerRead<T> read) => read switch
    {
        EmployerRead<T>.Served(var page) => new OkObjectResult(page),
        EmployerRead<T>.Refused(var decision) => AccessResults.Refused(request, decision),
        _ => throw new InvalidOperationException($"A feed page is served or refused: {read}."),
    };

    private FeedGrant? Grant(HttpRequest request)
    {
        var caller = request.Caller();
        return caller.Kind == PartyKind.Board && caller.PartyId is { } board && feeds.Value.Boards.TryGetValue(board, out var grant) && grant.Enabled
            ? grant
            : null;
    }

    private static ObjectResult NoGrant() =>
        Problems.Result(StatusCodes.Status403Forbidden, "no-feed-grant", "This client has no grant to the CV feed.",
            "Only a job board's client with a feed grant in the hub's configuration may read the feed.");
}
