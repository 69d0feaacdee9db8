using IntegrationHub.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Docs;

/// <summary>GET /api/openapi.json: the hub's OpenAPI 3.1 document, built from the function catalog. Anonymous.</summary>
public sealed class OpenApiFunction(HubFunctionCatalog catalog)
{
    [ApiOperation("Hub", "This document: every HTTP function of the hub.")]
    [ApiResponse(200, "OpenAPI 3.1.", Schema = "Object")]
    [Function("OpenApi")]
    [AllowAnonymousCaller]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new ContentResult
        {
            Content = OpenApiDocument.Build(catalog).ToJsonString(),
            ContentType = "application/json; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        };
}
