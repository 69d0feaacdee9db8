using System.Text.Json.Nodes;

namespace IntegrationHub.Functions.Docs;

/// <summary>
/// The components no record of the hub describes: RFC 9457 problem details as the hub writes them (ASP.NET Core's
/// <c>ProblemDetails</c>, whose <c>errors</c> is extension data a schema exporter cannot see), a JSON object the hub
/// does not type (a stored CV, the citizen's copy), and the EURES getDetails body (a bare array of references, NAV's
/// shape). Each small enough to read here.
/// </summary>
internal static class FixedSchemas
{
    public static IEnumerable<(string Name, JsonObject Schema)> All()
    {
        yield return ("Object", new JsonObject { ["type"] = "object", ["description"] = "A JSON object; see the hub's README for its fields." });
        yield return ("Problem", new JsonObject
        {
            ["type"] = "object",
            ["description"] = "RFC 9457 problem details. `type` is https://integrationhub.example/problems/{problem type}.",
            ["required"] = new JsonArray("type", "title", "status"),
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
                ["title"] = new JsonObject { ["type"] = "string" },
                ["status"] = new JsonObject { ["type"] = "integer" },
                ["detail"] = new JsonObject { ["type"] = "string" },
                ["errors"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray("field", "rule", "message"),
                        ["properties"] = new JsonObject
                        {
                            ["field"] = new JsonObject { ["type"] = "string" },
                            ["rule"] = new JsonObject { ["type"] = "string" },
                            ["message"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
            },
        });
        // navikt/pam-eures-stilling-eksport, ApiServiceModel.kt: getDetails takes a JSON array of references.
        yield return ("EuresReferences", new JsonObject
        {
            ["type"] = "array",
            ["maxItems"] = 200,
            ["items"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 200 },
        });
    }
}
