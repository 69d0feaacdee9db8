using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Visibility.Events;

/// <summary>
/// Times the hub can trust: a time further ahead of the hub's clock than the allowed skew is refused, naming the field.
/// Ordering is by the events' own times, so a far-future grant would otherwise outrank every later withdrawal.
/// </summary>
public static partial class EventTimes
{
    /// <summary>Adds an error for the CloudEvent's <c>time</c> and for every date-time string inside <c>data</c> that lies in the future.</summary>
    internal static void CheckNotFuture(DateTimeOffset time, bool timeValid, JsonElement data, CitizenEventContext context, List<FieldError> errors)
    {
        var latest = context.Now + context.MaxFutureSkew;
        if (timeValid && time > latest)
        {
            errors.Add(Future("/time", context.MaxFutureSkew));
        }
        if (data.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            Walk(data, "/data", latest, context.MaxFutureSkew, errors, depth: 0);
        }
    }

    /// <summary>The error for a time beyond the allowed skew (the kernel's rule, <see cref="FutureTime"/>).</summary>
    public static FieldError Future(string field, TimeSpan skew) => FutureTime.Error(field, skew);

    /// <summary>Whether <paramref name="text"/> is an RFC 3339 date-time with an offset, and which.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        return DateTimePattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static void Walk(JsonElement element, string path, DateTimeOffset latest, TimeSpan skew, List<FieldError> errors, int depth)
    {
        // Event data is small and shallow; the depth bound keeps a hostile document from costing more than its size.
        if (depth > 8)
        {
            return;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path + "/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal), latest, skew, errors, depth + 1);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, path + "/" + i++.ToString(CultureInfo.InvariantCulture), latest, skew, errors, depth + 1);
                }
                break;
            case JsonValueKind.String when TryParse(element.GetString()!, out var value) && value > latest:
                errors.Add(Future(path, skew));
                break;
            default:
                break;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();
}
