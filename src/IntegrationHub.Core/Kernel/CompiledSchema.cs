using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.RegularExpressions;

namespace IntegrationHub.Core.Kernel;

/// <summary>
/// A fast, allocation-free pass/fail check compiled from a JSON Schema that uses only the keywords below. It is a
/// gate, not the judge: it may reject a document the full validator accepts (so a rejection is confirmed by the full
/// validator, which also names the errors), but it must never accept one the full validator rejects. A differential
/// test holds it to that. A schema with any other keyword is refused when compiled, so nothing is skipped silently.
/// </summary>
public sealed class CompiledSchema
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "$comment", "title", "description", "$defs", "examples", "default"];

    private readonly Node _root;

    private CompiledSchema(Node root) => _root = root;

    /// <param name="schema">The schema document.</param>
    /// <param name="formats">Format name -> check; unknown formats are refused.</param>
    public static CompiledSchema Compile(JsonElement schema, IReadOnlyDictionary<string, Func<JsonElement, bool>> formats)
    {
        var definitions = new Dictionary<string, Node>(StringComparer.Ordinal);
        var root = new Compiler(schema, formats, definitions).Compile(schema);
        return new CompiledSchema(root);
    }

    public bool IsValid(JsonElement document) => _root.IsValid(document);

    private sealed class Compiler(JsonElement root, IReadOnlyDictionary<string, Func<JsonElement, bool>> formats, Dictionary<string, Node> definitions)
    {
        public Node Compile(JsonElement schema)
        {
            if (schema.ValueKind == JsonValueKind.True)
            {
                return new Node();
            }
            if (schema.ValueKind == JsonValueKind.False)
            {
                return new Node { Never = true };
            }
            var node = new Node();
            foreach (var keyword in schema.EnumerateObject())
            {
                var v = keyword.Value;
                switch (keyword.Name)
                {
                    case "$ref":
                        node.Reference = Reference(v.GetString()!);
                        break;
                    case "type":
                        node.Types = v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray().Select(t => t.GetString()!)] : [v.GetString()!];
                        break;
                    case "properties":
                        node.Properties = v.EnumerateObject().ToDictionary(p => p.Name, p => Compile(p.Value), StringComparer.Ordinal);
                        node.PropertiesByChars = node.Properties.GetAlternateLookup<ReadOnlySpan<char>>();
                        break;
                    case "required":
                        node.Required = [.. v.EnumerateArray().Select(r => Encoding.UTF8.GetBytes(r.GetString()!))];
                        break;
                    case "additionalProperties":
                        node.AdditionalProperties = Compile(v);
                        break;
                    case "items":
                        node.Items = Compile(v);
                        break;
                    case "anyOf":
                        node.AnyOf = [.. v.EnumerateArray().Select(Compile)];
                        break;
                    case "oneOf":
                        node.OneOf = [.. v.EnumerateArray().Select(Compile)];
                        break;
                    case "enum":
                        node.Enum = [.. v.EnumerateArray().Select(e => e.Clone())];
                        break;
                    case "pattern":
                        node.Pattern = new Regex(v.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                        break;
                    case "format":
                        node.Format = formats.TryGetValue(v.GetString()!, out var check)
                            ? check
                            : throw new NotSupportedException($"Format '{v.GetString()}' has no compiled check.");
                        break;
                    case "minLength": node.MinLength = v.GetInt32(); break;
                    case "maxLength": node.MaxLength = v.GetInt32(); break;
                    case "minItems": node.MinItems = v.GetInt32(); break;
                    case "maxItems": node.MaxItems = v.GetInt32(); break;
                    case "uniqueItems": node.UniqueItems = v.GetBoolean(); break;
                    case "minimum": node.Minimum = v.GetDecimal(); break;
                    case "maximum": node.Maximum = v.GetDecimal(); break;
                    default:
                        if (!Annotations.Contains(keyword.Name))
                        {
                            throw new NotSupportedException($"Keyword '{keyword.Name}' is not supported by the compiled schema check; extend CompiledSchema or the differential test will not cover it.");
                        }
                        break;
                }
            }
            return node;
        }

        private Lazy<Node> Reference(string reference)
        {
            const string prefix = "#/$defs/";
            if (!reference.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new NotSupportedException($"Only local references ({prefix}...) are supported, not '{reference}'.");
            }
            var name = reference[prefix.Length..];
            return new Lazy<Node>(() =>
            {
                if (!definitions.TryGetValue(name, out var node))
                {
                    node = definitions[name] = new Node();
                    node.CopyFrom(Compile(root.GetProperty("$defs").GetProperty(name)));
                }
                return node;
            });
        }
    }

    private sealed class Node
    {
        public bool Never { get; set; }
        public Lazy<Node>? Reference { get; set; }
        public string[]? Types { get; set; }
        public Dictionary<string, Node>? Properties { get; set; }
        public Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> PropertiesByChars { get; set; }

        /// <summary>The required names as UTF-8, as the document holds them (no transcoding per look-up).</summary>
        public byte[][]? Required { get; set; }
        public Node? AdditionalProperties { get; set; }
        public Node? Items { get; set; }
        public Node[]? AnyOf { get; set; }
        public Node[]? OneOf { get; set; }
        public JsonElement[]? Enum { get; set; }
        public Regex? Pattern { get; set; }
        public Func<JsonElement, bool>? Format { get; set; }
        public int? MinLength { get; set; }
        public int? MaxLength { get; set; }
        public int? MinItems { get; set; }
        public int? MaxItems { get; set; }
        public bool UniqueItems { get; set; }
        public decimal? Minimum { get; set; }
        public decimal? Maximum { get; set; }

        public void CopyFrom(Node other)
        {
            (Never, Reference, Types, Properties, Required, AdditionalProperties, Items, AnyOf) =
                (other.Never, other.Reference, other.Types, other.Properties, other.Required, other.AdditionalProperties, other.Items, other.AnyOf);
            (OneOf, PropertiesByChars) = (other.OneOf, other.PropertiesByChars);
            (Enum, Pattern, Format, MinLength, MaxLength, MinItems, MaxItems, UniqueItems, Minimum, Maximum) =
                (other.Enum, other.Pattern, other.Format, other.MinLength, other.MaxLength, other.MinItems, other.MaxItems, other.UniqueItems, other.Minimum, other.Maximum);
        }

        public bool IsValid(JsonElement e)
        {
            if (Never)
            {
                return false;
            }
            if (Reference is not null && !Reference.Value.IsValid(e))
            {
                return false;
            }
            // Loops rather than LINQ with a lambda over e: a closure per check was most of the gate's allocation (issue 18).
            if (Types is not null && !HasAnyType(e))
            {
                return false;
            }
            if (Enum is not null && !IsInEnum(e))
            {
                return false;
            }
            if (AnyOf is not null && MatchCount(AnyOf, e, stopAt: 1) == 0)
            {
                return false;
            }
            if (OneOf is not null && MatchCount(OneOf, e, stopAt: int.MaxValue) != 1)
            {
                return false;
            }
            return e.ValueKind switch
            {
                JsonValueKind.Object => ObjectIsValid(e),
                JsonValueKind.Array => ArrayIsValid(e),
                JsonValueKind.String => StringIsValid(e),
                JsonValueKind.Number => NumberIsValid(e),
                _ => true,
            };
        }

        private bool HasAnyType(JsonElement e)
        {
            foreach (var type in Types!)
            {
                if (HasType(e, type))
                {
                    return true;
                }
            }
            return false;
        }

        private bool IsInEnum(JsonElement e)
        {
            foreach (var value in Enum!)
            {
                if (JsonElement.DeepEquals(value, e))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>How many of the subschemas <paramref name="e"/> matches, counting no further than <paramref name="stopAt"/>.</summary>
        private static int MatchCount(Node[] subschemas, JsonElement e, int stopAt)
        {
            var count = 0;
            foreach (var subschema in subschemas)
            {
                if (subschema.IsValid(e) && ++count >= stopAt)
                {
                    break;
                }
            }
            return count;
        }

        private bool ObjectIsValid(JsonElement e)
        {
            if (Required is not null)
            {
                foreach (var name in Required)
                {
                    if (!e.TryGetProperty(name, out _))
                    {
                        return false;
                    }
                }
            }
            if (Properties is null && AdditionalProperties is null)
            {
                return true;
            }
            foreach (var property in e.EnumerateObject())
            {
                if (Properties is not null && FindProperty(property) is { } schema)
                {
                    if (!schema.IsValid(property.Value))
                    {
                        return false;
                    }
                }
                else if (AdditionalProperties is not null && !AdditionalProperties.IsValid(property.Value))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>The subschema of a declared property: its name looked up as the UTF-8 the document holds, decoded on the stack.</summary>
        private Node? FindProperty(JsonProperty property)
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            // Sized to the name: a stack buffer is zeroed on every call.
            Span<char> name = stackalloc char[Math.Min(raw.Length, 128)];
            if (raw.Length <= name.Length && raw.IndexOf((byte)'\\') < 0
                && Utf8.ToUtf16(raw, name, out _, out var length, replaceInvalidSequences: false) == OperationStatus.Done)
            {
                return PropertiesByChars.TryGetValue(name[..length], out var found) ? found : null;
            }
            return Properties!.TryGetValue(property.Name, out var schema) ? schema : null;
        }

        private bool ArrayIsValid(JsonElement e)
        {
            var count = e.GetArrayLength();
            if (count < (MinItems ?? 0) || count > (MaxItems ?? int.MaxValue))
            {
                return false;
            }
            if (Items is not null)
            {
                foreach (var item in e.EnumerateArray())
                {
                    if (!Items.IsValid(item))
                    {
                        return false;
                    }
                }
            }
            if (UniqueItems)
            {
                for (var i = 0; i < count; i++)
                {
                    for (var j = i + 1; j < count; j++)
                    {
                        if (JsonElement.DeepEquals(e[i], e[j]))
                        {
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        private bool StringIsValid(JsonElement e)
        {
            if (MinLength is null && MaxLength is null && Pattern is null && Format is null)
            {
                return true;
            }
            // The text is read into a buffer on the stack or from the pool, not a string per value (issue 18).
            var length = JsonStrings.Raw(e).Length;
            char[]? rented = null;
            Span<char> buffer = length <= 256 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
            try
            {
                return TextIsValid(buffer[..JsonStrings.CopyText(e, buffer)]) && (Format is null || Format(e));
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }
            }
        }

        private bool TextIsValid(ReadOnlySpan<char> text)
        {
            // Schema lengths count characters; UTF-16 units are never fewer, so checking the maximum on them is stricter
            // (never more lenient) than the full validator. The minimum is counted exactly.
            if (MaxLength is { } max && text.Length > max)
            {
                return false;
            }
            if (MinLength is { } min && (text.Length < min || (min > 1 && TextElements(text) < min)))
            {
                return false;
            }
            return Pattern is null || Pattern.IsMatch(text);
        }

        /// <summary>What <see cref="StringInfo.LengthInTextElements"/> counts, over a span.</summary>
        private static int TextElements(ReadOnlySpan<char> text)
        {
            var count = 0;
            while (!text.IsEmpty)
            {
                text = text[StringInfo.GetNextTextElementLength(text)..];
                count++;
            }
            return count;
        }

        private bool NumberIsValid(JsonElement e)
        {
            if (Minimum is null && Maximum is null)
            {
                return true;
            }
            if (!e.TryGetDecimal(out var value))
            {
                return false;
            }
            return value >= (Minimum ?? decimal.MinValue) && value <= (Maximum ?? decimal.MaxValue);
        }

        private static bool HasType(JsonElement e, string type) => type switch
        {
            "object" => e.ValueKind == JsonValueKind.Object,
            "array" => e.ValueKind == JsonValueKind.Array,
            "string" => e.ValueKind == JsonValueKind.String,
            "boolean" => e.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => e.ValueKind == JsonValueKind.Null,
            "number" => e.ValueKind == JsonValueKind.Number,
            "integer" => e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
            _ => throw new NotSupportedException($"Type '{type}' is not a JSON Schema type."),
        };
    }
}
