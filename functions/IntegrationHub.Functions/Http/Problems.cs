using System.Text.Json;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Functions.Http;

/// <summary>RFC 9457 problem details, one factory for every error the hub answers with.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";
    private const string TypeBase = "https://integrationhub.example/problems/";

    public static ProblemDetails Create(int status, string type, string title, string? detail = null)
    {
        if (status == StatusCodes.Status403Forbidden)
        {
            // Every 403 of the function layer passes here (the authorizer's and each function's own), named by its rule.
            Core.Telemetry.HubMetrics.HttpRefused(type);
        }
        var problem = new ProblemDetails { Status = status, Type = TypeBase + type, Title = title, Detail = detail };
        return problem;
    }

    public static ObjectResult Result(int status, string type, string title, string? detail = null) =>
        ToResult(Create(status, type, title, detail));

    public static ObjectResult Validation(IReadOnlyList<FieldError> errors, string title = "The request body breaks the schema.")
    {
        var problem = Create(StatusCodes.Status400BadRequest, "validation", title,
            $"{errors.Count} field(s) break a rule; see 'errors'.");
        problem.Extensions["errors"] = Errors(errors);
        return ToResult(problem);
    }

    /// <summary>The <c>errors</c> extension: field (a JSON pointer, a parameter or a header), rule and message.</summary>
    public static List<Dictionary<string, string>> Errors(IEnumerable<FieldError> errors) =>
        [.. errors.Select(e => new Dictionary<string, string>
        {
            ["field"] = e.Field,
            ["rule"] = e.Rule,
            ["message"] = e.Message,
        })];

    public static ObjectResult ToResult(ProblemDetails problem)
    {
        var result = new ObjectResult(problem) { StatusCode = problem.Status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    /// <summary>Writes a problem straight to the response (used before a function runs, where no MVC result executes).</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? 500;
        context.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, ProblemJson.Options, context.RequestAborted);
    }

    private static class ProblemJson
    {
        public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
    }
}
