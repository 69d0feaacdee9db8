using System.Globalization;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Functions.Http;

/// <summary>Reads query-string parameters, collecting one <see cref="FieldError"/> per broken rule (field "?name").</summary>
public sealed class QueryParameters(HttpRequest request)
{
    public const string Title = "The query string breaks a rule.";

    public List<FieldError> Errors { get; } = [];

    public string? Text(string name, bool required = false, int maxLength = 200)
    {
        var value = request.Query[name].ToString();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Errors.Add(new FieldError("?" + name, "required", $"'{name}' is required"));
            }
            return null;
        }
        if (value.Length > maxLength)
        {
            Errors.Add(new FieldError("?" + name, "maxLength", $"must be at most {maxLength} characters"));
            return null;
        }
        // A query value is one line: no control, bidi or broken Unicode reaches a lookup, a log or a renderer (issue 15).
        if (IntegrationHub.Core.Kernel.TextRules.Check(value, singleLine: true) is { } rule)
        {
            Errors.Add(new FieldError("?" + name, rule, IntegrationHub.Core.Kernel.TextRules.Message(rule)));
            return null;
        }
        return value;
    }

    public DateTimeOffset? Time(string name, bool required = false)
    {
        var value = Text(name, required);
        if (value is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && (value.EndsWith('Z') || value.Contains('+', StringComparison.Ordinal) || value.LastIndexOf('-') > 9))
        {
            return time;
        }
        Errors.Add(new FieldError("?" + name, "format", "must be an RFC 3339 date-time with an offset, for example 2026-11-01T08:00:00Z"));
        return null;
    }

    public T? OneOf<T>(string name, IReadOnlyDictionary<string, T> allowed)
        where T : struct
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }
        if (allowed.TryGetValue(value, out var found))
        {
            return found;
        }
        Errors.Add(new FieldError("?" + name, "enum", $"must be one of: {string.Join(", ", allowed.Keys)}"));
        return null;
    }

    public int Number(string name, int defaultValue, int min, int max)
    {
        var value = Text(name);
        if (value is null)
        {
            return defaultValue;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }
        Errors.Add(new FieldError("?" + name, "range", $"must be a whole number from {min} to {max}"));
        return defaultValue;
    }
}
