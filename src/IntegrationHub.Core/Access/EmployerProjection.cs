using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.Core.Access;

/// <summary>
/// Builds what an employer may see of a CV from an allowlist, so a field the schema gains later never leaks by
/// default. Never: the registry's ids, the citizen id, special-category data (specialNeeds), the date of birth, the
/// street address. Anonymous: no personal details at all, and e-mail addresses and phone numbers found in free text
/// are removed. Always: national ID numbers found in free text are removed.
/// </summary>
public static partial class EmployerProjection
{
    public const string Removed = "[removed]";

    private static readonly string[] Sections =
        ["summary", "workExperience", "education", "courses", "certifications", "languages", "itSkills", "drivingLicences", "volunteerWork", "jobsSought"];

    private static readonly string[] OpenPersonalDetails = ["givenName", "familyName", "email", "phone"];
    private static readonly string[] OpenAddress = ["postalCode", "city", "municipality", "municipalityCode", "country"];

    /// <param name="sections">Only these sections (a consent to boards that names sections); null or empty: every section.</param>
    public static EmployerCv Project(string cvId, JsonElement document, Presentation presentation, IReadOnlyList<string>? sections = null)
    {
        var anonymous = presentation == Presentation.Anonymous;
        bool Wanted(string section) => sections is not { Count: > 0 } || sections.Contains(section, StringComparer.Ordinal);
        var view = new JsonObject
        {
            ["cvId"] = cvId,
            ["presentation"] = anonymous ? "anonymous" : "open",
        };
        var fields = new List<string>();
        if (document.TryGetProperty("language", out var language) && language.ValueKind == JsonValueKind.String)
        {
            view["language"] = language.GetString();
            fields.Add("language");
        }
        if (!anonymous && Wanted("personalDetails") && document.TryGetProperty("personalDetails", out var details) && details.ValueKind == JsonValueKind.Object)
        {
            var personal = new JsonObject();
            foreach (var name in OpenPersonalDetails)
            {
                if (details.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    personal[name] = value.GetString();
                    fields.Add("personalDetails." + name);
                }
            }
            if (details.TryGetProperty("address", out var address) && address.ValueKind == JsonValueKind.Object)
            {
                var place = new JsonObject();
                foreach (var name in OpenAddress)
                {
                    if (address.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        place[name] = value.GetString();
                    }
                }
                if (place.Count > 0)
                {
                    personal["address"] = place;
                    fields.Add("personalDetails.address");
                }
            }
            view["personalDetails"] = personal;
        }
        foreach (var section in Sections)
        {
            if (Wanted(section) && document.TryGetProperty(section, out var value) && value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
            {
                view[section] = Clean(value, anonymous);
                fields.Add(section);
            }
        }
        return new EmployerCv(view, fields);
    }

    /// <summary>Copies a section, cleaning every string: national IDs always, e-mail and phone when anonymous.</summary>
    private static JsonNode? Clean(JsonElement element, bool anonymous) => element.ValueKind switch
    {
        JsonValueKind.Object => new JsonObject(element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Clean(p.Value, anonymous)))),
        JsonValueKind.Array => new JsonArray([.. element.EnumerateArray().Select(e => Clean(e, anonymous))]),
        JsonValueKind.String => JsonValue.Create(CleanText(element.GetString()!, anonymous)),
        _ => JsonNode.Parse(element.GetRawText()),
    };

    public static string CleanText(string text, bool anonymous)
    {
        var cleaned = NationalIdScanner.Redact(text);
        if (anonymous)
        {
            cleaned = Email().Replace(cleaned, Removed);
            // Eight to fifteen digits make a phone number; a span of years ("2019-2021") does not.
            cleaned = Phone().Replace(cleaned, m => m.Value.Count(char.IsAsciiDigit) is >= 8 and <= 15 && !YearSpan().IsMatch(m.Value) ? Removed : m.Value);
        }
        return cleaned;
    }

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}", RegexOptions.None, 1000)]
    private static partial Regex Email();

    [GeneratedRegex(@"^(19|20)\d\d ?[-.] ?(19|20)\d\d$", RegexOptions.None, 1000)]
    private static partial Regex YearSpan();

    // A phone number: optional +country code, then 6-15 digits possibly grouped by spaces, dots, dashes or parentheses.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:\+|00)?\d[\d \u00A0().-]{5,18}\d(?![\p{L}\p{N}])", RegexOptions.None, 1000)]
    private static partial Regex Phone();
}
