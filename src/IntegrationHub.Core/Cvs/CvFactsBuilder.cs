using System.Text.Json;

namespace IntegrationHub.Core.Cvs;

/// <summary>Derives a CV's non-identifying, searchable facts from its stored document.</summary>
public static class CvFactsBuilder
{
    public static CvFacts Build(StoredCv cv, JsonElement document)
    {
        var occupations = new SortedSet<string>(StringComparer.Ordinal);
        var places = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var job in Array(document, "jobsSought"))
        {
            if (job.TryGetProperty("occupation", out var occupation))
            {
                AddCode(occupations, occupation, "esco", "esco:");
                AddCode(occupations, occupation, "isco08", "isco08:");
                AddCode(occupations, occupation, "styrk08", "styrk08:");
            }
            foreach (var place in Array(job, "places"))
            {
                if (String(place, "municipalityCode") is { } code)
                {
                    places.Add($"{String(place, "country") ?? "??"}-{code}");
                }
                else if (String(place, "country") is { } country)
                {
                    places.Add(country);
                }
            }
        }
        var details = document.TryGetProperty("personalDetails", out var d) ? d : default;
        return new CvFacts
        {
            Registry = cv.Registry,
            CvId = cv.CvId,
            CitizenId = cv.CitizenId,
            Version = cv.Version,
            Publication = String(document, "publication") ?? "anonymous",
            OccupationCodes = [.. occupations],
            Places = [.. places],
            Languages = [.. Array(document, "languages").Select(l => String(l, "code")).OfType<string>().Distinct(StringComparer.Ordinal)],
            Skills = [.. Array(document, "itSkills").Select(s => String(s, "name")?.Trim().ToLowerInvariant()).OfType<string>().Distinct(StringComparer.Ordinal)],
            HasEmailOrPhone = details.ValueKind == JsonValueKind.Object
                && (!string.IsNullOrWhiteSpace(String(details, "email")) || !string.IsNullOrWhiteSpace(String(details, "phone"))),
            HasSpecialNeeds = document.TryGetProperty("specialNeeds", out var special) && special.ValueKind == JsonValueKind.Object,
            LastCitizenActivityAt = document.TryGetProperty("lastCitizenActivityAt", out var last) && last.TryGetDateTimeOffset(out var at) ? at : null,
        };
    }

    private static void AddCode(SortedSet<string> codes, JsonElement occupation, string property, string prefix)
    {
        if (String(occupation, property) is { } code)
        {
            codes.Add(prefix + code);
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
