using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace IntegrationHub.Functions.Docs;

/// <summary>
/// The JSON Schema of a record the functions answer with, exported by <see cref="JsonSchemaExporter"/> from the options
/// the hosts answer with, so a renamed or retyped property changes the document. Both hosts execute the functions'
/// <c>ObjectResult</c>s with ASP.NET Core's default JSON options (<see cref="JsonSerializerDefaults.Web"/>: camelCase,
/// nulls written; neither configures its own), and the contexts that serialize a few answers directly are camelCase too.
/// What the records say beside their types is read from their attributes: <see cref="DescriptionAttribute"/>,
/// <see cref="AllowedValuesAttribute"/> (an enum; on a dictionary, of its values), <see cref="RangeAttribute"/>, <see cref="StringLengthAttribute"/>.
/// </summary>
public static class RecordSchemas
{
    /// <summary>
    /// The answering options, with what the exporter needs beside them: a reflection resolver; nullable annotations and
    /// required constructor parameters respected (they change reading only, so what is written is as answered); strict
    /// numbers, since Web's reading of numbers from strings is no part of what the hub writes.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Answering();

    private static readonly JsonSchemaExporterOptions Exporter = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = Annotate,
    };

    /// <summary>
    /// The schema of <paramref name="type"/> as component <paramref name="component"/>. The exporter writes a type met
    /// a second time inside the record as a <c>$ref</c> to a JSON pointer within it; such a pointer is inlined here, so
    /// every reference in the document names a component, as client generators (Kiota) resolve them. The hub's answers
    /// hold no recursive type; one would stop here.
    /// </summary>
    public static JsonObject Of(Type type, string component, bool nullsOmitted = false)
    {
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(Options, type, Exporter).AsObject();
        var inlined = Inline(schema, schema, component, depth: 0).AsObject();
        if (nullsOmitted)
        {
            OmitNullables(inlined);
        }
        return inlined;
    }

    private static JsonNode Inline(JsonNode node, JsonObject root, string component, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidOperationException($"Component '{component}' is recursive: the OpenAPI document cannot inline it.");
        }
        switch (node)
        {
            case JsonObject o when o["$ref"]?.GetValue<string>() is { } pointer && pointer.StartsWith('#'):
                var target = pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                    .Aggregate((JsonNode?)root, (n, token) => n?[token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)])
                    ?? throw new InvalidOperationException($"Component '{component}': the exporter's reference {pointer} does not resolve.");
                var copy = target.DeepClone().AsObject();
                foreach (var (key, value) in o.Where(p => p.Key != "$ref").ToList())
                {
                    copy[key] = value?.DeepClone();
                }
                return Inline(copy, root, component, depth + 1);
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (key, value) in o.ToList())
                {
                    result[key] = value is null ? null : Inline(value, root, component, depth);
                }
                return result;
            case JsonArray a:
                return new JsonArray([.. a.Select(item => item is null ? null : Inline(item, root, component, depth))]);
            default:
                return node.DeepClone();
        }
    }

    private static JsonSerializerOptions Answering()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.MakeReadOnly();
        return options;
    }

    private static JsonNode Annotate(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject o || context.PropertyInfo is not { } property)
        {
            return schema;
        }
        T? Find<T>() where T : Attribute =>
            property.AttributeProvider?.GetCustomAttributes(typeof(T), inherit: true).OfType<T>().FirstOrDefault()
            ?? property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(typeof(T), inherit: true).OfType<T>().FirstOrDefault();

        if (Find<DescriptionAttribute>() is { } description && !o.ContainsKey("description"))
        {
            o.Insert(0, "description", description.Description);
        }
        if (Find<AllowedValuesAttribute>() is { } allowed)
        {
            // On a dictionary the attribute names what each value may be (the health report's checks).
            var target = o["additionalProperties"] as JsonObject ?? o;
            var values = new JsonArray([.. allowed.Values.Select(v => (JsonNode?)JsonValue.Create(v?.ToString()))]);
            if (IsNullable(target))
            {
                values.Add(null);
            }
            target["enum"] = values;
        }
        if (Find<RangeAttribute>() is { Minimum: int minimum, Maximum: int maximum })
        {
            o["minimum"] = minimum;
            o["maximum"] = maximum;
        }
        if (Find<StringLengthAttribute>() is { } length)
        {
            if (length.MinimumLength > 0)
            {
                o["minLength"] = length.MinimumLength;
            }
            o["maxLength"] = length.MaximumLength;
        }
        return o;
    }

    private static bool IsNullable(JsonObject schema) =>
        schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null");

    /// <summary>A nullable property that is left out when null is not required.</summary>
    private static void OmitNullables(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["properties"] is JsonObject properties && o["required"] is JsonArray required)
                {
                    foreach (var name in required.Select(r => r!.GetValue<string>()).ToList())
                    {
                        if (properties[name] is JsonObject p && IsNullable(p))
                        {
                            required.Remove(required.First(r => r!.GetValue<string>() == name));
                        }
                    }
                    if (required.Count == 0)
                    {
                        o.Remove("required");
                    }
                }
                foreach (var (_, value) in o.ToList())
                {
                    if (value is not null)
                    {
                        OmitNullables(value);
                    }
                }
                break;
            case JsonArray a:
                foreach (var item in a.Where(i => i is not null))
                {
                    OmitNullables(item!);
                }
                break;
        }
    }

}
