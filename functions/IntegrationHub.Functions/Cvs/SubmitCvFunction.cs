using System.Globalization;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Cvs;

/// <summary>POST /api/cvs: a registry creates or replaces one of its citizens' CVs.</summary>
public sealed class SubmitCvFunction(CvIntakeHandler handler)
{
    [ApiOperation("CVs", "A registry submits a citizen's CV (new or changed).", Problems = ["not-a-registry", "validation", "malformed-json", "duplicate-key", "bad-if-match", "version-mismatch", "payload-too-large", "unsupported-media-type"])]
    [ApiParameter("If-Match", "The version this update replaces.", In = "header")]
    [ApiRequest("application/json", Schema = "Cv")]
    [ApiResponse(202, "Accepted: stored, downstream work signalled.", Type = typeof(CvSubmitted), Name = "CvAccepted")]
    [ApiResponse(200, "Unchanged: identical content, nothing rewritten.", Type = typeof(CvSubmitted), Name = "CvAccepted")]
    [Function("SubmitCv")]
    [JsonRequestBody]
    [RequireRole(HubRoles.CvSubmit)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cvs")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (RegistryRequests.RegistryOf(request) is not { } registry)
        {
            return RegistryRequests.NotARegistry();
        }
        int? ifMatch = null;
        var ifMatchHeader = request.Headers.IfMatch.ToString();
        if (ifMatchHeader.Length > 0)
        {
            if (!int.TryParse(ifMatchHeader.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                var badIfMatch = Problems.Create(StatusCodes.Status400BadRequest, "bad-if-match", "If-Match must name a CV version.",
                    "Use the ETag the hub returned, for example \"3\".");
                badIfMatch.Extensions["errors"] = Problems.Errors([new FieldError("If-Match", "format", "must be a CV version the hub returned")]);
                return Problems.ToResult(badIfMatch);
            }
            ifMatch = parsed;
        }

        var (document, problem) = await JsonBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        using (document)
        {
            var result = await handler.SubmitAsync(new SubmitCv
            {
                Registry = registry,
                Document = document!.RootElement,
                IfMatchVersion = ifMatch,
                CorrelationId = request.CorrelationId(),
            }, cancellationToken);

            switch (result)
            {
                case CvIntakeResult.Stored stored:
                    request.HttpContext.Response.Headers.ETag = $"\"{stored.Answer.Version}\"";
                    request.HttpContext.Response.Headers.Location = $"/api/cvs/{stored.Answer.CvId}";
                    return new ObjectResult(stored.Answer)
                    {
                        StatusCode = stored.Answer.Status == "unchanged" ? StatusCodes.Status200OK : StatusCodes.Status202Accepted,
                    };
                case CvIntakeResult.Invalid invalid:
                    return Problems.Validation(invalid.Errors);
                case CvIntakeResult.VersionMismatch mismatch:
                    var p = Problems.Create(StatusCodes.Status412PreconditionFailed, "version-mismatch",
                        "The CV has changed since the version this request names.",
                        $"The request names version {mismatch.NamedVersion}; the stored version is {mismatch.StoredVersion}.");
                    p.Extensions["storedVersion"] = mismatch.StoredVersion;
                    return Problems.ToResult(p);
                default:
                    return Problems.Result(StatusCodes.Status409Conflict, "concurrent-update",
                        "The CV was being changed by other requests at the same time.", "Retry the request.");
            }
        }
    }
}
