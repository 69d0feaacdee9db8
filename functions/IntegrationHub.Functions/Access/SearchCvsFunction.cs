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
/// GET /api/cvs?occupation=&amp;skill=&amp;municipality=&amp;language=&amp;page=&amp;pageSize=: CVs employers may find, newest
/// activity first, for a person signed in for an employer. Hits carry no personal details and only what the citizen's
/// consent to employers covers; every hit is counted and logged, with the person, before it is returned.
/// </summary>
/// <remarks>
/// <c>next</c> is sealed (<see cref="ContinuationTokens"/>): it held the last index row read, a CV id with its exact
/// activity time, and could be edited to start anywhere (issue 15).
/// </remarks>
public sealed class SearchCvsFunction(EmployerCvService service, IOptions<AccessOptions> options, ContinuationTokens tokens)
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "occupation", "skill", "municipality", "language", "page", "pageSize" };
    private static readonly HashSet<string> Personal = new(StringComparer.OrdinalIgnoreCase)
        { "name", "givenName", "familyName", "email", "phone", "q", "text", "citizenId", "address", "dateOfBirth" };

    [ApiOperation("Employer access", "Employer search by a signed-in person, newest activity first, no personal details; every hit checked against the decision in force and held to the consented sections.", Problems = ["not-an-employer", "user-required", "account-suspended", "validation", "rate-limited", "access-counter-busy", "access-counter-unavailable"])]
    [ApiParameter("occupation", "ISCO-08 code or isco08:/styrk08:/esco: prefixed code.")]
    [ApiParameter("skill", "A skill.")]
    [ApiParameter("municipality", "A municipality code.")]
    [ApiParameter("language", "A language code.")]
    [ApiParameter("page", "The previous page's opaque `next`, for the same criteria, within a day.")]
    [ApiParameter("pageSize", "Items per page.", Type = "integer")]
    [ApiResponse(200, "Hits and `next`.", Type = typeof(CvSearchResults))]
    [Function("SearchCvs")]
    [RequireRole(HubRoles.CvRead)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cvs")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = request.Caller();
        if (AccessResults.RefuseNonEmployer(caller) is { } refused)
        {
            return refused;
        }
        var parameters = new QueryParameters(request);
        foreach (var name in request.Query.Keys)
        {
            if (Personal.Contains(name))
            {
                parameters.Errors.Add(new FieldError("?" + name, "personal-data",
                    "searching by name, e-mail, phone or any other personal detail is not allowed"));
            }
            else if (!Known.Contains(name))
            {
                parameters.Errors.Add(new FieldError("?" + name, "unknown", $"is not a search parameter; use: {string.Join(", ", Known)}"));
            }
        }
        var occupationText = parameters.Text("occupation");
        var occupation = occupationText is null ? null : CvSearchKeys.NormaliseOccupation(occupationText);
        if (occupationText is not null && occupation is null)
        {
            parameters.Errors.Add(new FieldError("?occupation", "format", "must be a four-digit ISCO-08 code, 'isco08:', 'styrk08:' or 'esco:' followed by a code, or an ESCO occupation URI"));
        }
        var query = new CvSearchQuery(
            occupation,
            parameters.Text("skill", maxLength: 100),
            parameters.Text("municipality", maxLength: 20),
            parameters.Text("language", maxLength: 3),
            null,
            parameters.Number("pageSize", 20, 1, options.Value.MaxPageSize));
        // A token is good for the partition it was read from only: the same criteria, whatever the page size.
        var purpose = "search|" + CvSearchKeys.PrimaryDimension(query);
        query = query with { Continuation = parameters.Token("page", tokens, purpose) };
        if (parameters.Errors.Count > 0)
        {
            return Problems.Validation(parameters.Errors, QueryParameters.Title);
        }
        var result = await service.SearchAsync(caller, query, request.HttpContext.TraceIdentifier, cancellationToken);
        if (result is not EmployerRead<CvSearchPage>.Served(var page))
        {
            return AccessResults.Refused(request, ((EmployerRead<CvSearchPage>.Refused)result).Decision);
        }
        var next = page.Continuation is { } position ? tokens.Seal(purpose, position) : null;
        return JsonAnswer.Ok(new CvSearchResults([.. page.Hits.Select(CvSearchResult.From)], next), AccessJson.Answers.CvSearchResults);
    }
}
