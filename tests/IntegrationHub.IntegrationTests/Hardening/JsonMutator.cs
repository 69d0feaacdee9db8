using System.Text;
using System.Text.Json.Nodes;

namespace IntegrationHub.IntegrationTests.Hardening;

/// <summary>One mutated request: what was done (for the failure message), the body's bytes and its content type.</summary>
public sealed record FuzzCase(string Description, byte[] Body, string? MediaType);

/// <summary>
/// Mutations of a valid contract example (issue 15 item 6): missing, null, wrong type, huge, control and bidi
/// characters, deep nesting, duplicate keys, trailing garbage, invalid UTF-8, wrong content type, extreme numbers and
/// times, flipped bytes. Deterministic for a given <see cref="Random"/>.
/// </summary>
public sealed class JsonMutator(Random random)
{
    private static readonly string[] Hostile = ["\u0000", "\u0001", "\u001b", "\u007f", "\u202e", "\u202a", "\u2066", "\u2069", "\ud800", "\udfff", "\ufffe", "\uffff", "\t", "\n", "\r\n", "\u200b", "<script>", "]]>", "&#0;", "%00", "{{dpo}}", "'\"", "\\"];
    private static readonly string[] Times = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-02-30T00:00:00Z", "1969-12-31T23:59:59Z", "2026-12-05T00:00:00.123456789Z", ""];
    private static readonly string[] WrongTypes = ["12345", "true", "\"x\"", "{}", "[]", "-1.5e308", "null", "[[]]", "{\"a\":{}}"];
    private static readonly string[] Numbers = ["1e309", "-0", "99999999999999999999999", "0.0000001", "-1", "2147483648", "-2147483649", "1.5", "0"];
    private static readonly string[] Garbage = ["x", "}", "{}", " []", ",", "\u0000", "\n{\"a\":1}", "]"];
    private static readonly string[] MediaTypes = ["text/plain", "application/xml", "application/json; charset=latin1", "multipart/form-data", "application/cloudevents-batch+json", "application/json; charset=utf-8"];

    public FuzzCase Mutate(JsonNode example, string mediaType)
    {
        var node = example.DeepClone();
        switch (random.Next(14))
        {
            case 0:
                return Tree(node, mediaType, "missing", (parent, key) => Remove(parent, key));
            case 1:
                return Tree(node, mediaType, "null", (parent, key) => Set(parent, key, null));
            case 2:
                var wrong = Pick(WrongTypes);
                return Tree(node, mediaType, "wrong type " + wrong, (parent, key) => Set(parent, key, JsonNode.Parse(wrong)));
            case 3:
                var size = random.Next(2) == 0 ? random.Next(201, 5000) : random.Next(30_000, 400_000);
                return Tree(node, mediaType, $"huge string ({size})", (parent, key) => Set(parent, key, new string('a', size)), strings: true);
            case 4:
                var hostile = Pick(Hostile);
                return Tree(node, mediaType, $"character U+{(int)hostile[0]:X4}", (parent, key) =>
                    Set(parent, key, parent is JsonObject o ? Inject(o[key.Name!]?.ToString() ?? "", hostile) : Inject(parent[key.Index]?.ToString() ?? "", hostile)), strings: true);
            case 5:
                var depth = random.Next(20, 80);
                return Text(node, mediaType, $"nesting {depth}", new string('[', depth) + new string(']', depth), numbersFirst: false);
            case 6:
                return DuplicateKey(node, mediaType);
            case 7:
                var garbage = Pick(Garbage);
                return new("trailing garbage", Encoding.UTF8.GetBytes(node.ToJsonString() + garbage), mediaType);
            case 8:
                return InvalidUtf8(node, mediaType);
            case 9:
                var other = Pick(MediaTypes);
                return new("content type " + other, Encoding.UTF8.GetBytes(node.ToJsonString()), other);
            case 10:
                var number = Pick(Numbers);
                return Text(node, mediaType, "number " + number, number, numbersFirst: true);
            case 11:
                var time = Pick(Times);
                return Tree(node, mediaType, "time " + time, (parent, key) => Set(parent, key, time), strings: true);
            case 12:
                var bytes = Encoding.UTF8.GetBytes(node.ToJsonString());
                for (var i = 0; i < 1 + random.Next(3); i++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
                return new("flipped bytes", bytes, mediaType);
            default:
                var count = random.Next(2) == 0 ? 101 : random.Next(1000, 20_000);
                return Tree(node, mediaType, $"array of {count}", (parent, key) =>
                    Set(parent, key, new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode?)JsonValue.Create("x" + i))])));
        }
    }

    private readonly record struct Key(string? Name, int Index);

    /// <summary>Applies <paramref name="change"/> at a random place of the tree (a string's place when <paramref name="strings"/>).</summary>
    private FuzzCase Tree(JsonNode root, string mediaType, string what, Action<JsonNode, Key> change, bool strings = false)
    {
        var places = new List<(JsonNode Parent, Key Key, string Path)>();
        Collect(root, "", places, strings);
        if (places.Count == 0)
        {
            return new(what + " at the root", Encoding.UTF8.GetBytes(strings ? "\"\u0000\"" : "null"), mediaType);
        }
        var (parent, key, path) = places[random.Next(places.Count)];
        change(parent, key);
        return new($"{what} at {path}", Encoding.UTF8.GetBytes(root.ToJsonString()), mediaType);
    }

    private static void Collect(JsonNode? node, string path, List<(JsonNode, Key, string)> places, bool strings)
    {
        if (node is JsonObject o)
        {
            foreach (var (name, child) in o.ToList())
            {
                if (!strings || child is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String)
                {
                    places.Add((o, new Key(name, -1), path + "/" + name));
                }
                Collect(child, path + "/" + name, places, strings);
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                if (!strings || a[i] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String)
                {
                    places.Add((a, new Key(null, i), path + "/" + i));
                }
                Collect(a[i], path + "/" + i, places, strings);
            }
        }
    }

    private static void Remove(JsonNode parent, Key key)
    {
        if (parent is JsonObject o)
        {
            o.Remove(key.Name!);
        }
        else
        {
            ((JsonArray)parent).RemoveAt(key.Index);
        }
    }

    private static void Set(JsonNode parent, Key key, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[key.Name!] = value;
        }
        else
        {
            ((JsonArray)parent)[key.Index] = value;
        }
    }

    private string Inject(string text, string hostile)
    {
        var at = random.Next(text.Length + 1);
        return text[..at] + hostile + text[at..];
    }

    private FuzzCase DuplicateKey(JsonNode node, string mediaType)
    {
        var text = node.ToJsonString();
        var openings = Enumerable.Range(0, text.Length - 1).Where(i => text[i] == '{' && text[i + 1] == '"').ToList();
        if (openings.Count == 0)
        {
            return new("duplicate key (wrapped)", Encoding.UTF8.GetBytes("{\"a\":" + text + ",\"a\":1}"), mediaType);
        }
        var at = openings[random.Next(openings.Count)] + 1;
        var end = text.IndexOf('"', at + 1);
        var name = text[(at + 1)..end];
        return new($"duplicate key '{name}'", Encoding.UTF8.GetBytes(text[..at] + $"\"{name}\":1," + text[at..]), mediaType);
    }

    private FuzzCase InvalidUtf8(JsonNode node, string mediaType)
    {
        var bytes = Encoding.UTF8.GetBytes(node.ToJsonString()).ToList();
        byte[][] bad = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82]];
        var quotes = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] == (byte)'"').ToList();
        var at = quotes.Count > 0 ? quotes[random.Next(quotes.Count)] + 1 : 0;
        var sequence = bad[random.Next(bad.Length)];
        bytes.InsertRange(at, sequence);
        return new($"invalid UTF-8 {Convert.ToHexString(sequence)}", [.. bytes], mediaType);
    }

    /// <summary>
    /// Replaces a random value (a number, when <paramref name="numbersFirst"/> and there is one) with raw JSON text, so
    /// values no JsonNode can hold (1e309, nesting beyond its depth) reach the hub.
    /// </summary>
    private FuzzCase Text(JsonNode node, string mediaType, string what, string number, bool numbersFirst)
    {
        var places = new List<(JsonNode Parent, Key Key, string Path)>();
        Collect(node, "", places, strings: false);
        var numeric = numbersFirst
            ? places.Where(p => (p.Key.Name is { } n ? p.Parent[n] : p.Parent[p.Key.Index]) is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number).ToList()
            : [];
        var target = numeric.Count > 0 ? numeric : places;
        if (target.Count == 0)
        {
            return new(what + " at the root", Encoding.UTF8.GetBytes(number), mediaType);
        }
        var (parent, key, path) = target[random.Next(target.Count)];
        const string Marker = "\"__fuzz_number__\"";
        Set(parent, key, "__fuzz_number__");
        return new($"{what} at {path}", Encoding.UTF8.GetBytes(node.ToJsonString().Replace(Marker, number, StringComparison.Ordinal)), mediaType);
    }

    private string Pick(string[] values) => values[random.Next(values.Length)];
}
