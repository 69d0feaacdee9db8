using System.Text.Json;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Breach;

/// <summary>The body of report-filed: <c>{"reference": "...", "filedAt": "RFC 3339"}</c>; every broken field named.</summary>
public static class ReportFiledParser
{
    public const int MaxReferenceLength = 200;

    public static (string? Reference, DateTimeOffset FiledAt, IReadOnlyList<FieldError> Errors) Parse(
        JsonElement body, DateTimeOffset now, TimeSpan maxFutureSkew, DateTimeOffset detectedAt)
    {
        var errors = new List<FieldError>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, default, [new FieldError("/", "type", "must be an object with 'reference' and 'filedAt'")]);
        }
        string? reference = null;
        DateTimeOffset filedAt = default;
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("reference" or "filedAt"))
            {
                errors.Add(new FieldError("/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal),
                    "additionalProperties", "is not a known field"));
            }
        }
        if (!body.TryGetProperty("reference", out var r) || r.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError("/reference", "required", "the authority's reference is required as a string"));
        }
        else if (r.GetString()!.Trim() is var text && (text.Length == 0 || text.Length > MaxReferenceLength))
        {
            errors.Add(new FieldError("/reference", "length", $"must hold 1-{MaxReferenceLength} characters"));
        }
        else if (text.Any(char.IsControl))
        {
            errors.Add(new FieldError("/reference", "no-control-characters", "must not contain control characters"));
        }
        else
        {
            reference = text;
        }
        if (!body.TryGetProperty("filedAt", out var f) || f.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError("/filedAt", "required", "the time the report was filed is required (RFC 3339 date-time)"));
        }
        else if (!EventTimes.TryParse(f.GetString()!, out filedAt))
        {
            errors.Add(new FieldError("/filedAt", "format", "must be an RFC 3339 date-time with an offset"));
        }
        else if (filedAt > now + maxFutureSkew)
        {
            errors.Add(EventTimes.Future("/filedAt", maxFutureSkew));
        }
        else if (filedAt < detectedAt)
        {
            errors.Add(new FieldError("/filedAt", "not-before-detection", "must not lie before the campaign's detectedAt"));
        }
        return errors.Count > 0 ? (null, default, errors) : (reference, filedAt, errors);
    }
}
