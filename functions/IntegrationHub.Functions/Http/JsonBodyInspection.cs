using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Functions.Http;

/// <summary>
/// <see cref="JsonBody"/>'s walk over a parsed body: every object's keys unique, every key and string checked by
/// <see cref="TextRules"/>, in document order, at most <see cref="MaxErrors"/> reported (a hostile body with a million bad
/// strings gets the first few). Keys and strings are read as the UTF-8 the document holds (unescaped into a pooled
/// buffer when they hold escapes) and a field's pointer is built only when it is reported (issue 18: the walk built a
/// string per value, a pointer and a shape per property, and a set per object).
/// </summary>
internal sealed class JsonBodyInspection(IReadOnlySet<string>? singleLine) : IDisposable
{
    private const int MaxErrors = 20;

    /// <summary>Up to this many keys an object's keys are compared pairwise; beyond it a set keeps the walk linear.</summary>
    private const int PairwiseKeys = 32;

    private readonly List<Step> _path = [];
    private byte[] _scratch = ArrayPool<byte>.Shared.Rent(1024);

    public List<FieldError> Errors { get; } = [];

    public List<FieldError> Duplicates { get; } = [];

    /// <summary>One step of the path to the value being inspected: a key (<see cref="Name"/> once decoded) or an index.</summary>
    private readonly record struct Step(JsonProperty Property, string? Name, int Index);

    public void Inspect(JsonElement element)
    {
        if (Errors.Count + Duplicates.Count >= MaxErrors)
        {
            return;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                InspectObject(element);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    _path.Add(new Step(default, null, index++));
                    Inspect(item);
                    _path.RemoveAt(_path.Count - 1);
                }
                break;
            case JsonValueKind.String:
                InspectString(element);
                break;
            default:
                break;
        }
    }

    private void InspectObject(JsonElement element)
    {
        var count = element.GetPropertyCount();
        var names = count > PairwiseKeys ? new HashSet<string>(StringComparer.Ordinal) : null;
        var seen = names is null ? ArrayPool<JsonProperty>.Shared.Rent(count) : null;
        var seenCount = 0;
        try
        {
            foreach (var property in element.EnumerateObject())
            {
                var raw = JsonMarshal.GetRawUtf8PropertyName(property);
                string? name = null;
                if (names is not null || raw.IndexOf((byte)'\\') >= 0)
                {
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        // An escaped lone surrogate: no text to compare or to check.
                        Errors.Add(new FieldError(Pointer(), TextRules.Unicode, "holds a key that is not valid Unicode"));
                        continue;
                    }
                }
                bool duplicate;
                if (names is not null)
                {
                    duplicate = !names.Add(name!);
                }
                else
                {
                    // Keys compared as text: NameEquals unescapes the earlier key, so "a" and "\u0061" are one key.
                    ReadOnlySpan<byte> key = name is null ? raw : Encoding.UTF8.GetBytes(name);
                    duplicate = false;
                    for (var j = 0; j < seenCount && !duplicate; j++)
                    {
                        duplicate = seen![j].NameEquals(key);
                    }
                    if (!duplicate)
                    {
                        seen![seenCount++] = property;
                    }
                }
                _path.Add(new Step(property, name, -1));
                if (duplicate)
                {
                    Duplicates.Add(new FieldError(Pointer(), "duplicate-key", "this key appears more than once in its object"));
                }
                else if ((name is null ? TextRules.Check(raw, singleLine: true) : TextRules.Check(name, singleLine: true)) is { } keyRule)
                {
                    Errors.Add(new FieldError(Pointer(), keyRule, TextRules.Message(keyRule) + " (in the key)"));
                }
                else
                {
                    Inspect(property.Value);
                }
                _path.RemoveAt(_path.Count - 1);
            }
        }
        finally
        {
            if (seen is not null)
            {
                ArrayPool<JsonProperty>.Shared.Return(seen, clearArray: true);
            }
        }
    }

    private void InspectString(JsonElement element)
    {
        // The body is valid UTF-8 and JSON, so a string without escapes holds no control character and is its own text.
        var content = JsonStrings.Raw(element);
        string? rule;
        if (!JsonStrings.IsEscaped(content))
        {
            rule = TextRules.Check(content, singleLine: false);
        }
        else
        {
            if (_scratch.Length < content.Length)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
                _scratch = ArrayPool<byte>.Shared.Rent(content.Length);
            }
            int written;
            try
            {
                written = JsonStrings.CopyUtf8(element, _scratch);
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate (e.g. "\ud800"): not text, and no XML writer or UTF-8 store can hold it.
                Errors.Add(new FieldError(Pointer(), TextRules.Unicode, TextRules.Message(TextRules.Unicode)));
                return;
            }
            var text = _scratch.AsSpan(0, written);
            // Tab, LF and CR only reach a string through escapes; only then does it matter whether the field is single-line.
            var single = singleLine is not null && text.IndexOfAny((byte)'\t', (byte)'\n', (byte)'\r') >= 0 && singleLine.Contains(Path(shape: true));
            rule = TextRules.Check(text, single);
        }
        if (rule is not null)
        {
            Errors.Add(new FieldError(Pointer(), rule, TextRules.Message(rule)));
        }
    }

    private string Pointer() => Path(shape: false);

    /// <summary>The JSON pointer of the current value; as a shape, each array index is written <c>*</c>.</summary>
    private string Path(bool shape)
    {
        if (_path.Count == 0)
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (var step in _path)
        {
            text.Append('/');
            if (step.Index >= 0)
            {
                if (shape)
                {
                    text.Append('*');
                }
                else
                {
                    text.Append(step.Index);
                }
            }
            else
            {
                text.Append(Escape(step.Name ?? step.Property.Name));
            }
        }
        return text.ToString();
    }

    /// <summary>RFC 6901: '~' as "~0", '/' as "~1".</summary>
    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public void Dispose() => ArrayPool<byte>.Shared.Return(_scratch);
}
