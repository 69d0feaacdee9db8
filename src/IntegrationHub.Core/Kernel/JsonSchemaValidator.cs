using System.Text.Json;
using IntegrationHub.Contracts;
using Json.Pointer;
using Json.Schema;

namespace IntegrationHub.Core.Kernel;

/// <summary>
/// Validates a document against one of the embedded schemas (<c>contracts/schemas/</c>) and lists every failing field,
/// leaf errors only. The schema is parsed once; <see cref="Validate"/> is thread-safe.
/// </summary>
public sealed class JsonSchemaValidator
{
    private static readonly EvaluationOptions Options = CreateOptions();

    private readonly string _kind;
    private readonly JsonSchema _schema;
    private readonly JsonElement _schemaJson;
    private readonly CompiledSchema _gate;

    /// <param name="schemaName">The embedded schema's file name, e.g. <c>cv.schema.json</c>.</param>
    /// <param name="kind">What the schema describes, for the last-resort error message ("CV", "job ad").</param>
    public JsonSchemaValidator(string schemaName, string kind)
    {
        _kind = kind;
        var text = Schemas.ReadText(schemaName);
        using (var document = JsonDocument.Parse(text))
        {
            _schemaJson = document.RootElement.Clone();
        }
        // A private registry: nothing else in the process can shadow or collide with our $id.
        _schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        // The gate checks formats with the full validator's own format checks, so both agree on them by construction
        // (one fast path for plain dates, which accepts only what the library accepts: PlainDateTests).
        _gate = CompiledSchema.Compile(_schemaJson, new Dictionary<string, Func<JsonElement, bool>>
        {
            // A plain yyyy-MM-dd calendar date is accepted without the library's multi-pattern parse (about 3% of the
            // intake bench's request CPU, issue 18); anything else goes to its check. PlainDateTests pins that the library
            // accepts every date this does.
            ["date"] = e => IsPlainDate(e) || Formats.Date.Validate(e, out _),
            ["date-time"] = e => Formats.DateTime.Validate(e, out _),
            ["email"] = e => Formats.Email.Validate(e, out _),
        });
    }

    /// <summary>
    /// A JSON string "yyyy-MM-dd" (RFC 3339 full-date) naming a day of the calendar from year 1 to 9999: a subset of what
    /// JSON Schema's <c>date</c> format accepts. False means "ask the full check", not "invalid".
    /// </summary>
    internal static bool IsPlainDate(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        // The bytes as written: ten of them, digits and hyphens only, so no escape (an escaped date goes to the full check).
        var text = JsonStrings.Raw(element);
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            return false;
        }
        static int Digits(ReadOnlySpan<byte> d)
        {
            var value = 0;
            foreach (var c in d)
            {
                if (c is < (byte)'0' or > (byte)'9')
                {
                    return -1;
                }
                value = (value * 10) + (c - '0');
            }
            return value;
        }
        var (year, month, day) = (Digits(text[..4]), Digits(text[5..7]), Digits(text[8..10]));
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    /// <summary>The full validator, exposed for the differential test of the gate.</summary>
    internal bool IsValidByFullEvaluation(JsonElement document) => _schema.Evaluate(document, Options).IsValid;

    /// <summary>The compiled gate, exposed for the differential test.</summary>
    internal bool IsValidByGate(JsonElement document) => _gate.IsValid(document);

    private static EvaluationOptions CreateOptions()
    {
        var options = new EvaluationOptions
        {
            // Hierarchical, not List: the tree tells which failures sit under a subschema that passed
            // (the failed branches of a satisfied anyOf are still reported as failed nodes).
            OutputFormat = OutputFormat.Hierarchical,
            // The schema says format is asserted; JsonSchema.Net only annotates it in 2020-12 unless told.
            RequireFormatValidation = true,
        };
        options.IgnoreAllAnnotations();
        return options;
    }

    /// <summary>Every failing field with its rule, in the order the schema reaches them, without duplicates. Empty when valid.</summary>
    public IReadOnlyList<FieldError> Validate(JsonElement document)
    {
        // Most documents are valid: the compiled gate (fast, allocation-free) accepts them; only what it rejects pays
        // for the full evaluation, which also names the errors (and has the last word).
        if (_gate.IsValid(document))
        {
            return [];
        }
        var results = _schema.Evaluate(document, Options);
        if (results.IsValid)
        {
            return [];
        }
        var collector = new Collector(this, document);
        collector.Walk(results);
        if (collector.Errors.Count == 0)
        {
            // Never let an invalid document through because no leaf could be named.
            collector.Errors.Add(new FieldError("", "schema", $"does not match the {_kind} schema"));
        }
        return collector.Errors;
    }

    private sealed class Collector(JsonSchemaValidator validator, JsonElement document)
    {
        private readonly HashSet<(string Field, string Rule)> _seen = [];

        public List<FieldError> Errors { get; } = [];

        public void Walk(EvaluationResults node)
        {
            if (node.IsValid)
            {
                return;
            }
            if (node.Errors is { Count: > 0 } errors)
            {
                foreach (var (keyword, libraryMessage) in errors)
                {
                    AddKeywordError(node, keyword, libraryMessage);
                }
            }
            if (node.Details is not { Count: > 0 } children)
            {
                return;
            }

            // Branches of anyOf / oneOf are judged together: if one passed, the others' failures are noise.
            Dictionary<string, List<EvaluationResults>>? branchGroups = null;
            foreach (var child in children)
            {
                if (BranchKeyword(child.EvaluationPath) is { } combinator)
                {
                    var key = combinator + "|" + child.InstanceLocation;
                    branchGroups ??= new(StringComparer.Ordinal);
                    if (!branchGroups.TryGetValue(key, out var group))
                    {
                        branchGroups[key] = group = [];
                    }
                    group.Add(child);
                }
                else
                {
                    Walk(child);
                }
            }
            if (branchGroups is null)
            {
                return;
            }
            foreach (var group in branchGroups.Values)
            {
                if (group.TrueForAll(branch => !branch.IsValid))
                {
                    AddCombinatorError(group);
                }
            }
        }

        private void AddKeywordError(EvaluationResults node, string keyword, string libraryMessage)
        {
            var field = node.InstanceLocation.ToString();
            if (keyword.Length == 0)
            {
                // A false schema failed (additionalProperties: false and the like): the node sits at the
                // unexpected value itself, the keyword is the last step of the evaluation path.
                Add(field, LastSegment(node.EvaluationPath) ?? "false", "is not allowed");
                return;
            }
            if (keyword == "required")
            {
                foreach (var missing in MissingProperties(node, libraryMessage))
                {
                    Add(field + "/" + EscapePointerSegment(missing), "required", "is required");
                }
                return;
            }
            Add(field, keyword, Describe(keyword, validator.KeywordValue(node.SchemaLocation, keyword)));
        }

        private void AddCombinatorError(List<EvaluationResults> branches)
        {
            // Branches told apart by type (a text, or an object of texts per language): the one branch of the value's type
            // names the real errors (a text too long at /likelyConsequences/nb), not "matches none of the forms".
            var ofItsType = branches.Where(b => b.Errors is not { } e || !e.ContainsKey("type")).ToList();
            if (ofItsType.Count == 1 && branches.Count > 1)
            {
                Walk(ofItsType[0]);
                return;
            }
            var combinator = BranchKeyword(branches[0].EvaluationPath)!;
            var field = branches[0].InstanceLocation.ToString();

            // The usual shape: each branch only requires a property ("at least one of these codes").
            var alternatives = new List<string>();
            foreach (var branch in branches)
            {
                if (branch.Errors is not { Count: 1 } errors
                    || !errors.TryGetValue("required", out var libraryMessage)
                    || branch.Details is { Count: > 0 } details && details.Exists(d => !d.IsValid))
                {
                    Add(field, combinator, combinator == "oneOf"
                        ? "must match exactly one of the allowed forms"
                        : "must match at least one of the allowed forms");
                    return;
                }
                alternatives.AddRange(MissingProperties(branch, libraryMessage));
            }
            Add(field, combinator, combinator == "oneOf"
                ? "must have exactly one of: " + string.Join(", ", alternatives.Distinct(StringComparer.Ordinal))
                : "must have at least one of: " + string.Join(", ", alternatives.Distinct(StringComparer.Ordinal)));
        }

        private List<string> MissingProperties(EvaluationResults node, string libraryMessage)
        {
            var missing = new List<string>();
            var required = validator.KeywordValue(node.SchemaLocation, "required");
            var instance = node.InstanceLocation.Evaluate(document);
            if (required is { ValueKind: JsonValueKind.Array } names && instance is { ValueKind: JsonValueKind.Object } value)
            {
                foreach (var name in names.EnumerateArray())
                {
                    if (name.GetString() is { } property && !value.TryGetProperty(property, out _))
                    {
                        missing.Add(property);
                    }
                }
                return missing;
            }

            // The schema location could not be resolved: fall back on the names the library lists,
            // as a JSON array inside its message ("Required properties ["a","b"] are not present").
            var start = libraryMessage.IndexOf('[', StringComparison.Ordinal);
            var end = libraryMessage.LastIndexOf(']');
            if (start >= 0 && end > start)
            {
                try
                {
                    using var parsed = JsonDocument.Parse(libraryMessage.AsMemory(start, end - start + 1));
                    missing.AddRange(parsed.RootElement.EnumerateArray()
                        .Where(e => e.ValueKind == JsonValueKind.String)
                        .Select(e => e.GetString()!));
                }
                catch (JsonException)
                {
                    // Not the expected shape; reported below without names.
                }
            }
            if (missing.Count == 0)
            {
                Add(node.InstanceLocation.ToString(), "required", "is missing a required property");
            }
            return missing;
        }

        private void Add(string field, string rule, string message)
        {
            if (_seen.Add((field, rule)))
            {
                Errors.Add(new FieldError(field, rule, message));
            }
        }
    }

    /// <summary>The value of a keyword in the subschema at <paramref name="schemaLocation"/>, if it can be found.</summary>
    private JsonElement? KeywordValue(Uri schemaLocation, string keyword)
    {
        var fragment = schemaLocation.Fragment;
        var pointerText = fragment.Length > 1 ? Uri.UnescapeDataString(fragment[1..]) : "";
        if (!JsonPointer.TryParse(pointerText, out var pointer))
        {
            return null;
        }
        var subschema = pointer.Evaluate(_schemaJson);
        return subschema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out var value) ? value : null;
    }

    private static string Describe(string keyword, JsonElement? value) => keyword switch
    {
        "type" => value is { } t ? DescribeType(t) : "has the wrong type",
        "format" => value is { ValueKind: JsonValueKind.String } f ? DescribeFormat(f.GetString()!) : "has an invalid format",
        "pattern" => value is { ValueKind: JsonValueKind.String } p ? $"must match the pattern {p.GetString()}" : "has an invalid form",
        "enum" => value is { ValueKind: JsonValueKind.Array } e ? "must be one of: " + string.Join(", ", e.EnumerateArray().Select(x => x.ToString())) : "must be one of the allowed values",
        "const" => value is { } c ? $"must be {c.GetRawText()}" : "must be the fixed value",
        "minLength" => value is { } n && n.GetRawText() == "1" ? "must not be empty" : $"must be at least {Number(value)} characters long",
        "maxLength" => $"must be at most {Number(value)} characters long",
        "minimum" => $"must be at least {Number(value)}",
        "maximum" => $"must be at most {Number(value)}",
        "exclusiveMinimum" => $"must be greater than {Number(value)}",
        "exclusiveMaximum" => $"must be less than {Number(value)}",
        "multipleOf" => $"must be a multiple of {Number(value)}",
        "minItems" => value is { } n && n.GetRawText() == "1" ? "must not be empty" : $"must have at least {Number(value)} items",
        "maxItems" => $"must have at most {Number(value)} items",
        "uniqueItems" => "must not contain duplicates",
        "minProperties" => $"must have at least {Number(value)} properties",
        "maxProperties" => $"must have at most {Number(value)} properties",
        _ => $"does not satisfy the '{keyword}' rule",
    };

    private static string Number(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Number } n ? n.GetRawText() : "the allowed number of";

    private static string DescribeType(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? "must be one of: " + string.Join(", ", type.EnumerateArray().Select(t => TypeName(t.GetString())))
        : "must be " + TypeName(type.GetString());

    private static string TypeName(string? type) => type switch
    {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "object" => "an object",
        "array" => "an array",
        "null" => "null",
        _ => "of the right type",
    };

    private static string DescribeFormat(string format) => format switch
    {
        "email" or "idn-email" => "must be a valid e-mail address",
        "date" => "must be a valid date (YYYY-MM-DD)",
        "date-time" => "must be a valid date and time with an offset (RFC 3339, e.g. 2024-05-04T09:30:00Z)",
        "time" => "must be a valid time (RFC 3339)",
        "uri" => "must be a valid absolute URI",
        "uuid" => "must be a valid UUID",
        _ => $"must be a valid {format}",
    };

    /// <summary>"anyOf" or "oneOf" when the path ends in one of their branches (".../anyOf/2").</summary>
    private static string? BranchKeyword(JsonPointer evaluationPath)
    {
        var count = evaluationPath.SegmentCount;
        if (count < 2)
        {
            return null;
        }
        var combinator = evaluationPath[count - 2].ToString();
        return combinator is "anyOf" or "oneOf" && evaluationPath[count - 1].ToInt() is not null
            ? combinator
            : null;
    }

    private static string? LastSegment(JsonPointer pointer) =>
        pointer.SegmentCount > 0 ? pointer[pointer.SegmentCount - 1].ToString() : null;

    private static string EscapePointerSegment(string name) =>
        name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
