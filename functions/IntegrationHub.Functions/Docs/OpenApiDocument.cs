using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntegrationHub.Contracts;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;

namespace IntegrationHub.Functions.Docs;

/// <summary>
/// Builds the hub's OpenAPI 3.1 document from the functions' own attributes: routes, methods and roles (the trigger and
/// access attributes both hosts obey), and <see cref="ApiOperationAttribute"/>, <see cref="ApiParameterAttribute"/>,
/// <see cref="ApiRequestAttribute"/> and <see cref="ApiResponseAttribute"/> beside them. Answers' schemas are exported
/// from the records the functions answer with (<see cref="RecordSchemas"/>, ADR 0038). The contracts' JSON Schemas are
/// embedded as components with their <c>$defs</c> hoisted beside them (<see cref="Hoist"/>): a <c>$ref</c> scoped by an
/// embedded <c>$id</c> is legal JSON Schema 2020-12, but client generators resolve it against the document root and stop.
/// </summary>
public static partial class OpenApiDocument
{
    /// <summary>Component name -> the contract schema file it embeds.</summary>
    public static IReadOnlyDictionary<string, string> ContractSchemas { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Cv"] = "cv.schema.json",
        ["CitizenEvent"] = "citizen-event.schema.json",
        ["JobAd"] = "jobad.schema.json",
        ["BreachCampaignDraft"] = "breach-campaign.schema.json",
        ["BreachDeliveryRequest"] = "breach-delivery-request.schema.json",
        ["CvErased"] = "cv-erased.schema.json",
    };

    private const string ProblemTypeBase = "https://integrationhub.example/problems/";

    /// <exception cref="InvalidOperationException">An HTTP function has no <see cref="ApiOperationAttribute"/>, or its attributes name an unknown problem type or schema.</exception>
    public static JsonObject Build(HubFunctionCatalog catalog, string routePrefix = "api")
    {
        var http = catalog.Functions.Where(f => f.Trigger == TriggerKind.Http).ToList();
        var undescribed = http.Where(f => f.Method.GetCustomAttribute<ApiOperationAttribute>() is null).Select(f => f.Name).ToList();
        if (undescribed.Count > 0)
        {
            throw new InvalidOperationException($"HTTP function(s) without [ApiOperation]: {string.Join(", ", undescribed)}. Describe each on its method.");
        }
        var schemas = Components();
        var paths = new JsonObject();
        foreach (var function in http.OrderBy(f => f.Route, StringComparer.Ordinal))
        {
            var path = "/" + (string.IsNullOrEmpty(routePrefix) ? "" : routePrefix.Trim('/') + "/") + RouteConstraint().Replace(function.Route!.TrimStart('/'), "{$1}");
            var item = paths[path] as JsonObject ?? new JsonObject();
            paths[path] = item;
            var methods = function.HttpMethods.Count > 0 ? function.HttpMethods : ["GET", "POST", "PUT", "PATCH", "DELETE"];
            foreach (var method in methods)
            {
                item[method.ToLowerInvariant()] = Operation(function, schemas);
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "IntegrationHub",
                ["version"] = typeof(OpenApiDocument).Assembly.GetName().Version?.ToString() ?? "1.0.0",
                ["description"] = "CVs, consent and status events, employer access, job ads to national boards and breach-notification campaigns. "
                    + "Every call but health, this document and the console page needs an Entra ID bearer token with the app role the operation names (x-roles). "
                    + "Errors are RFC 9457 problem details; x-problem-types lists the types.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["paths"] = paths,
            // What the hub calls: each registry's delivery endpoint (contracts/breach-delivery.md).
            ["webhooks"] = new JsonObject
            {
                ["breachLetterDelivery"] = new JsonObject
                {
                    ["post"] = new JsonObject
                    {
                        ["summary"] = "The hub asks the owning registry to deliver one breach letter to one citizen (Hub:Breach:Registries:{id}:DeliveryUrl).",
                        ["description"] = "Authenticated with the hub's managed identity (a bearer token for the registry's configured audience). "
                            + "The Idempotency-Key header ({campaignId}:{citizenId}) must be honoured: a repeat answers 200 and delivers nothing. "
                            + "201 delivered, 200 already delivered, 4xx failed for good, 408/429/5xx retried.",
                        ["parameters"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "Idempotency-Key",
                            ["in"] = "header",
                            ["required"] = true,
                            ["schema"] = new JsonObject { ["type"] = "string" },
                        }),
                        ["requestBody"] = new JsonObject
                        {
                            ["required"] = true,
                            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/BreachDeliveryRequest" } } },
                        },
                        ["responses"] = new JsonObject
                        {
                            ["201"] = new JsonObject { ["description"] = "Delivered." },
                            ["200"] = new JsonObject { ["description"] = "Already delivered under this key; nothing sent again." },
                            ["400"] = new JsonObject { ["description"] = "Refused for good: the citizen ends failed with the registry's reason." },
                            ["503"] = new JsonObject { ["description"] = "Not now: retried with backoff (also 408, 429 and other 5xx)." },
                        },
                    },
                },
            },
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["entra"] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["bearerFormat"] = "JWT",
                        ["description"] = "A Microsoft Entra ID v2.0 access token for the hub's app registration, carrying the app role the operation requires (roles claim); the client id (azp) must be bound to a party in the hub's configuration.",
                    },
                },
            },
            ["x-problem-types"] = new JsonObject(ApiProblemTypes.All.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonObject
            {
                ["type"] = ProblemTypeBase + p.Key,
                ["status"] = p.Value.Status,
                ["meaning"] = p.Value.Meaning,
            }))),
        };
    }

    private static JsonObject Operation(HubFunction function, JsonObject schemas)
    {
        var description = function.Method.GetCustomAttribute<ApiOperationAttribute>()!;
        var operation = new JsonObject
        {
            ["operationId"] = function.Name,
            ["tags"] = new JsonArray(description.Tag),
            ["summary"] = description.Summary,
        };
        var roles = function.Roles;
        var text = description.Description ?? "";
        if (function.AllowsAnonymous)
        {
            operation["security"] = new JsonArray();
            text = (text + " Anonymous.").Trim();
        }
        else
        {
            operation["security"] = new JsonArray(new JsonObject { ["entra"] = new JsonArray() });
            operation["x-roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r)]);
            text = (text + $" Requires app role {string.Join(" or ", roles)}.").Trim();
        }
        operation["description"] = text;

        var parameters = new JsonArray();
        foreach (Match m in RouteParameter().Matches(function.Route!))
        {
            parameters.Add(new JsonObject { ["name"] = m.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }
        foreach (var p in function.Method.GetCustomAttributes<ApiParameterAttribute>())
        {
            var schema = new JsonObject { ["type"] = p.Type };
            if (p.Format is not null)
            {
                schema["format"] = p.Format;
            }
            parameters.Add(new JsonObject { ["name"] = p.Name, ["in"] = p.In, ["required"] = p.Required, ["description"] = p.Description, ["schema"] = schema });
        }
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }
        var bodies = function.Method.GetCustomAttributes<ApiRequestAttribute>().ToList();
        if (bodies.Count > 0)
        {
            var content = new JsonObject();
            foreach (var body in bodies)
            {
                var reference = Ref(body.Type, body.Name, body.Schema, false, schemas, function.Name)
                    ?? throw new InvalidOperationException($"[ApiRequest] of '{function.Name}' names neither a Type nor a Schema.");
                content[body.ContentType] = new JsonObject
                {
                    ["schema"] = body.Batch
                        ? new JsonObject { ["type"] = "array", ["minItems"] = 1, ["maxItems"] = 100, ["items"] = reference }
                        : reference,
                };
            }
            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = content };
        }

        var responses = new JsonObject();
        foreach (var response in function.Method.GetCustomAttributes<ApiResponseAttribute>())
        {
            var answer = new JsonObject { ["description"] = response.Description };
            if (Ref(response.Type, response.Name, response.Schema, response.NullsOmitted, schemas, function.Name) is { } reference)
            {
                answer["content"] = new JsonObject { [response.ContentType] = new JsonObject { ["schema"] = reference } };
                if (response.AlsoAs is not null)
                {
                    answer["content"]![response.AlsoAs] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } };
                }
            }
            else if (response.ContentType != "application/json")
            {
                answer["content"] = new JsonObject { [response.ContentType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } };
            }
            responses[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = answer;
        }
        var problems = (function.AllowsAnonymous ? [] : ApiProblemTypes.ForAuthenticatedCalls).Concat(description.Problems).Append("internal-error").Distinct(StringComparer.Ordinal);
        foreach (var byStatus in problems.GroupBy(type => ApiProblemTypes.All.TryGetValue(type, out var known)
                     ? known.Status
                     : throw new InvalidOperationException($"[ApiOperation] of '{function.Name}' names problem type '{type}', which ApiProblemTypes does not list.")))
        {
            var status = byStatus.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var types = byStatus.ToList();
            responses[status] = new JsonObject
            {
                ["description"] = "Problem: " + string.Join("; ", types.Select(t => $"`{t}` ({ApiProblemTypes.All[t].Meaning})")),
                ["content"] = new JsonObject { [Problems.ContentType] = new JsonObject { ["schema"] = Ref(null, null, "Problem", false, schemas, function.Name) } },
                ["x-problem-types"] = new JsonArray([.. types.Select(t => (JsonNode)(ProblemTypeBase + t))]),
            };
            if (byStatus.Key is 429 or 503)
            {
                // Every 429 and 503 problem the hub answers carries Retry-After (AccessResults.Refused).
                responses[status]!["headers"] = new JsonObject
                {
                    ["Retry-After"] = new JsonObject
                    {
                        ["description"] = "Seconds to wait before trying again (RFC 9110 10.2.3).",
                        ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                    },
                };
            }
        }
        operation["responses"] = responses;
        return operation;
    }

    /// <summary>
    /// A reference to the component of a record (exported on first use, named <paramref name="name"/> or after the type)
    /// or to a named component; null when the body has neither.
    /// </summary>
    private static JsonObject? Ref(Type? type, string? name, string? schema, bool nullsOmitted, JsonObject schemas, string function)
    {
        if (type is not null)
        {
            var component = name ?? type.Name;
            var exported = RecordSchemas.Of(type, component, nullsOmitted);
            if (schemas[component] is { } existing && !JsonNode.DeepEquals(existing, exported))
            {
                throw new InvalidOperationException($"'{function}' names component '{component}' for {type.Name}, which another type or a contract schema already defines differently.");
            }
            schemas[component] = exported;
            return new JsonObject { ["$ref"] = "#/components/schemas/" + component };
        }
        if (schema is null)
        {
            return null;
        }
        return schemas.ContainsKey(schema)
            ? new JsonObject { ["$ref"] = "#/components/schemas/" + schema }
            : throw new InvalidOperationException($"'{function}' names schema '{schema}', which is not a component.");
    }

    private static JsonObject Components()
    {
        var schemas = new JsonObject();
        foreach (var (name, file) in ContractSchemas)
        {
            foreach (var (component, schema) in Hoist(name, JsonNode.Parse(Schemas.ReadText(file))!.AsObject()))
            {
                if (schemas.ContainsKey(component))
                {
                    throw new InvalidOperationException($"Component '{component}' would be defined twice: rename the definition in {file}.");
                }
                schemas[component] = schema;
            }
        }
        foreach (var (name, schema) in FixedSchemas.All())
        {
            schemas[name] = schema;
        }
        return schemas;
    }

    /// <summary>
    /// A contract schema as OpenAPI tools read it: its <c>$defs</c> become components of their own (<c>identifier</c> in
    /// <c>Cv</c> becomes <c>CvIdentifier</c>: generators such as Kiota read a dot in a component name as a namespace), every
    /// <c>#/$defs/x</c> reference points at that component, and <c>$id</c>/<c>$schema</c> go, so a
    /// reference resolves against the document root as generators (Kiota) and validators resolve it. The file in
    /// contracts/schemas/ stays a standalone JSON Schema; only the document's copy is rewritten.
    /// </summary>
    internal static IEnumerable<(string Name, JsonObject Schema)> Hoist(string name, JsonObject schema)
    {
        var defs = schema["$defs"] as JsonObject;
        schema.Remove("$defs");
        schema.Remove("$id");
        schema.Remove("$schema");
        yield return (name, Rewrite(schema, name).AsObject());
        foreach (var (def, body) in defs?.ToList() ?? [])
        {
            yield return (HoistedName(name, def), Rewrite(body!.DeepClone(), name).AsObject());
        }
    }

    /// <summary>The component name of definition <paramref name="def"/> of contract schema <paramref name="name"/>.</summary>
    public static string HoistedName(string name, string def) => name + char.ToUpperInvariant(def[0]) + def[1..];

    private static JsonNode Rewrite(JsonNode node, string name)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key == "$ref" && value!.GetValue<string>() is var target && target.StartsWith("#/$defs/", StringComparison.Ordinal))
                    {
                        o["$ref"] = "#/components/schemas/" + HoistedName(name, target["#/$defs/".Length..]);
                    }
                    else if (value is not null)
                    {
                        Rewrite(value, name);
                    }
                }
                break;
            case JsonArray a:
                foreach (var item in a.Where(i => i is not null))
                {
                    Rewrite(item!, name);
                }
                break;
        }
        return node;
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"\{\*?([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
