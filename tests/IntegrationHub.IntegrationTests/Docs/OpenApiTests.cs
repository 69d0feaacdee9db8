using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.IntegrationTests.Infrastructure;
using Json.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.IntegrationTests.Docs;

/// <summary>
/// GET /api/openapi.json over real HTTP through the dev host: every HTTP function is in it with its route, method and
/// roles from the attributes; its contract schemas validate every example in contracts/examples/ (and reject a broken
/// one); every problem type the hub's code answers with is listed with its status.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class OpenApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private HubTestHost _host = null!;
    private JsonObject _document = null!;

    public async Task InitializeAsync()
    {
        _host = await HubTestHost.StartAsync(azurite);
        var response = await _host.Client().GetAsync("api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        _document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Which component each example file must satisfy (the batch: each of its events).</summary>
    private static readonly (string Prefix, string Component)[] ExampleComponents =
    [
        ("cv", "Cv"),
        ("citizen-event", "CitizenEvent"),
        ("jobad", "JobAd"),
        ("breach-campaign", "BreachCampaignDraft"),
        ("breach-delivery", "BreachDeliveryRequest"),
        ("event-cv-erased", "CvErased"),
    ];

    [Fact]
    public void Document_ServedAnonymously_DescribesEveryHttpFunction_WithRouteMethodAndRolesFromItsAttributes()
    {
        var http = new HubFunctionCatalog().Functions.Where(f => f.Trigger == TriggerKind.Http).ToList();
        var paths = _document["paths"]!.AsObject();
        var operations = paths.SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key, Operation: o.Value!.AsObject()))).ToList();

        Assert.Equal("3.1.0", _document["openapi"]!.GetValue<string>());
        Assert.Contains(http, f => f.Name == "OpenApi");
        Assert.Equal(http.Sum(f => f.HttpMethods.Count), operations.Count);
        foreach (var function in http)
        {
            foreach (var method in function.HttpMethods)
            {
                var path = "/api/" + function.Route;
                Assert.True(paths.ContainsKey(path), $"{function.Name}: {path} is not in the document");
                var operation = paths[path]![method.ToLowerInvariant()]?.AsObject();
                Assert.True(operation is not null, $"{function.Name}: {method} {path} is not in the document");
                Assert.Equal(function.Name, operation["operationId"]!.GetValue<string>());
                if (function.AllowsAnonymous)
                {
                    Assert.Empty(operation["security"]!.AsArray());
                }
                else
                {
                    Assert.Equal(function.Roles, operation["x-roles"]!.AsArray().Select(r => r!.GetValue<string>()));
                    Assert.Contains("401", operation["responses"]!.AsObject().Select(r => r.Key));
                }
                foreach (var name in RouteParameter().Matches(function.Route!).Select(m => m.Groups[1].Value))
                {
                    Assert.Contains(operation["parameters"]!.AsArray(), p => p!["in"]!.GetValue<string>() == "path" && p["name"]!.GetValue<string>() == name);
                }
            }
        }
    }

    [Fact]
    public void Document_EveryReference_PointsAtAComponent()
    {
        var components = _document["components"]!["schemas"]!.AsObject();
        var references = new List<string>();
        Collect(_document["paths"]!, references);
        foreach (var (name, schema) in components)
        {
            Collect(schema!, references);
        }

        // Every reference resolves against the document root, as client generators and validators resolve it: no
        // component keeps a $id (which would rescope its references) or a $defs of its own.
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(r.StartsWith("#/components/schemas/", StringComparison.Ordinal) && components.ContainsKey(r["#/components/schemas/".Length..]), $"dangling $ref {r}"));
        Assert.Contains("#/components/schemas/CvIdentifier", references);
        Assert.All(components, c => Assert.False(c.Value!.AsObject().ContainsKey("$id") || c.Value.AsObject().ContainsKey("$defs"), $"component {c.Key} keeps $id or $defs"));
        Assert.Equal("#/components/schemas/BreachCampaignDraft", _document["paths"]!["/api/breaches"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    private static void Collect(JsonNode node, List<string> references)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref")
                    {
                        references.Add(value!.GetValue<string>());
                    }
                    else if (value is not null)
                    {
                        Collect(value, references);
                    }
                }
                break;
            case JsonArray a:
                foreach (var item in a.Where(i => i is not null))
                {
                    Collect(item!, references);
                }
                break;
        }
    }

    [Fact]
    public void ContractSchemasInTheDocument_ValidateEveryExample_AndRejectABrokenOne()
    {
        var examples = Directory.GetFiles(RepoPaths.Combine("contracts", "examples"), "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(examples);
        foreach (var file in examples)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var component = ExampleComponents.Where(e => name.StartsWith(e.Prefix, StringComparison.Ordinal)).Select(e => e.Component).FirstOrDefault();
            Assert.True(component is not null, $"contracts/examples/{name}.json has no schema in the OpenAPI document");
            var schema = Schema(component);
            var example = JsonNode.Parse(File.ReadAllText(file))!;
            var documents = example is JsonArray batch ? batch.Select(e => e!.AsObject()).ToList() : [example.AsObject()];
            foreach (var document in documents)
            {
                var result = schema.Evaluate(JsonSerializer.SerializeToElement(document), Options);
                Assert.True(result.IsValid, $"{name}.json does not validate against components.schemas.{component}");

                // The schema is not vacuous: without a required property the example fails.
                var required = _document["components"]!["schemas"]![component]!["required"]!.AsArray()[0]!.GetValue<string>();
                var broken = document.DeepClone().AsObject();
                broken.Remove(required);
                Assert.False(schema.Evaluate(JsonSerializer.SerializeToElement(broken), Options).IsValid, $"{name}.json without '{required}' still validates");
            }
        }
    }

    private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true };

    /// <summary>
    /// The component as a standalone JSON Schema: the document's components become its <c>$defs</c>, and its
    /// <c>#/components/schemas/X</c> references point there, so a reference that does not resolve in the document fails here.
    /// </summary>
    private JsonSchema Schema(string component)
    {
        var components = _document["components"]!["schemas"]!.AsObject();
        var standalone = components[component]!.DeepClone().AsObject();
        standalone["$defs"] = components.DeepClone();
        var text = standalone.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    [Fact]
    public void ProblemTypes_EveryTypeTheHubAnswersWith_IsListedWithItsStatus()
    {
        var sources = Directory.GetFiles(RepoPaths.Combine("functions"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(RepoPaths.Combine("tools", "IntegrationHub.DevHost"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var used = sources.SelectMany(f => ProblemCall().Matches(File.ReadAllText(f)))
            .Select(m => (Status: StatusOf(m.Groups[1].Value), Type: m.Groups[2].Value))
            .Distinct()
            .ToList();
        var listed = _document["x-problem-types"]!.AsObject();

        Assert.True(used.Count >= 20, $"only {used.Count} problem types found in the sources: the pattern no longer matches the code");
        foreach (var (status, type) in used)
        {
            Assert.True(listed.ContainsKey(type), $"problem type '{type}' is answered by the hub but not listed in ApiProblemTypes");
            Assert.Equal(status, listed[type]!["status"]!.GetValue<int>());
        }
    }

    private static int StatusOf(string name) =>
        (int)typeof(StatusCodes).GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    [Fact]
    public void Build_AnHttpFunctionWithoutADescription_Fails()
    {
        var catalog = new HubFunctionCatalog(typeof(OpenApiTests).Assembly);

        var error = Assert.Throws<InvalidOperationException>(() => OpenApiDocument.Build(catalog));

        Assert.Contains(nameof(UndescribedFunction), error.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"Problems\.(?:Result|Create)\(\s*StatusCodes\.(Status\d+\w*),\s*""([a-z-]+)""")]
    private static partial Regex ProblemCall();
}

/// <summary>An HTTP function without [ApiOperation] (only in this test assembly).</summary>
public sealed class UndescribedFunction
{
    [Function(nameof(UndescribedFunction))]
    [AllowAnonymousCaller]
    public static string Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "undescribed")] HttpRequest request) => request.Path;
}
