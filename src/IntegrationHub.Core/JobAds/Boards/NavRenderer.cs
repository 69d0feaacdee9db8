using System.Globalization;
using System.Text;
using System.Text.Json;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>
/// NAV's import API (navikt/pam-import-api, dto/TransferDTO.kt AdDTO): one JSON ad, keyed by provider + reference (the
/// hub's ad id). Coded properties carry NAV's code-list values (pam-ansettelseskodeverk; properties/
/// PropertyNameValueValidation.kt); times are Norwegian local date-times without offset (Jackson LocalDateTime).
/// The hub refuses here what NAV's TransferLogService.validate refuses, so one bad ad never fails a batch of 100.
/// Occupation: NAV keeps only JANZZ categories and turns every other category's name into keywords
/// (TransferLogService.handleInvalidCategories), so the STYRK08 code goes as a named category and is never required.
/// docs/boards/nav.md maps every field to its source.
/// </summary>
public sealed class NavRenderer : IBoardRenderer
{
    /// <summary>pam-import-api: at most 3 categories per ad (TransferLogService.validate).</summary>
    public const int MaxCategories = 3;

    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public string Board => BoardIds.Nav;

    public BoardRendering Render(string adId, JobAdDocument ad)
    {
        var problems = new List<string>();
        var first = ad.Locations[0];
        if (first.Country == "NO" && string.IsNullOrEmpty(first.PostalCode) && string.IsNullOrEmpty(first.County) && string.IsNullOrEmpty(first.Municipality))
        {
            problems.Add("locations[0]: NAV requires a postal code, county or municipality for a workplace in Norway");
        }
        var engagement = EngagementType(ad.EngagementType);
        if (ad.EngagementType is not null && engagement is null)
        {
            problems.Add($"engagementType: '{ad.EngagementType}' has no value in NAV's code list (Ansettelsesform)");
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("reference", adId);
            w.WriteNumber("positions", ad.Positions);
            w.WriteString("title", ad.Title);
            w.WriteString("adText", ad.AdText);
            w.WriteString("privacy", ad.Privacy ?? "SHOW_ALL");
            w.WriteString("published", LocalDateTime(ad.Published));
            w.WriteString("expires", LocalDateTime(ad.Expires));
            w.WriteStartObject("employer");
            w.WriteString("reference", ad.Employer.Reference ?? ad.Employer.Orgnr);
            w.WriteString("businessName", ad.Employer.Name);
            // NAV identifies employers by a Norwegian organisation number (9 digits, BRREG underenhet); a foreign
            // number is left out, and NAV then goes by businessName and location (docs/index.md, Employer).
            WriteOptional(w, "orgnr", ad.Employer.Orgnr.Length == 9 ? ad.Employer.Orgnr : null);
            w.WritePropertyName("location");
            WriteLocation(w, first);
            w.WriteEndObject();
            w.WriteStartArray("locationList");
            foreach (var location in ad.Locations)
            {
                WriteLocation(w, location);
            }
            w.WriteEndArray();
            w.WriteStartArray("categoryList");
            if (ad.Occupation.Styrk08 is { } styrk)
            {
                w.WriteStartObject();
                w.WriteString("code", styrk);
                w.WriteString("categoryType", "STYRK08");
                w.WriteString("name", ad.Occupation.Label ?? ad.JobTitle ?? ad.Title);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("contactList");
            foreach (var contact in ad.Contacts)
            {
                w.WriteStartObject();
                w.WriteString("name", contact.Name);
                WriteOptional(w, "title", contact.Title);
                WriteOptional(w, "email", contact.Email);
                WriteOptional(w, "phone", contact.Phone);
                WriteOptional(w, "role", contact.Role);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("properties");
            WriteOptional(w, "applicationdue", ad.ApplicationDue?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
            WriteOptional(w, "applicationurl", ad.ApplicationUrl);
            WriteOptional(w, "engagementtype", engagement);
            WriteOptional(w, "extent", ad.Extent switch { "fulltime" => "Heltid", "parttime" => "Deltid", _ => null });
            WriteOptional(w, "sector", ad.Sector switch { "public" => "Offentlig", "private" => "Privat", _ => null });
            WriteOptional(w, "remote", ad.Remote switch { "remote" => "Hjemmekontor", "hybrid" => "Hybridkontor", "onsite" => "Hjemmekontor ikke mulig", _ => null });
            WriteOptional(w, "jobtitle", ad.JobTitle);
            WriteOptional(w, "employerhomepage", ad.Employer.Homepage);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return new BoardRendering(Board, Encoding.UTF8.GetString(buffer.ToArray()), "application/json", problems);
    }

    /// <summary>Norwegian wall-clock time without offset: NAV reads <c>published</c>/<c>expires</c> as LocalDateTime in Norway.</summary>
    public static string LocalDateTime(DateTimeOffset value) =>
        TimeZoneInfo.ConvertTime(value, Oslo).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// The hub's engagement types in NAV's Ansettelsesform (pam-ansettelseskodeverk): Fast, Engasjement, Sesong, Trainee,
    /// Lærling, Frilanser, Annet (also Vikariat, Prosjekt, Feriejobb, Åremål, Selvstendig næringsdrivende, not used here).
    /// "temporary" is Engasjement: NAV has no "Midlertidig".
    /// </summary>
    public static string? EngagementType(string? type) => type switch
    {
        "permanent" => "Fast",
        "temporary" => "Engasjement",
        "seasonal" => "Sesong",
        "trainee" => "Trainee",
        "apprentice" => "Lærling",
        "freelance" => "Frilanser",
        "other" => "Annet",
        _ => null,
    };

    private static void WriteLocation(Utf8JsonWriter w, JobAdLocation location)
    {
        w.WriteStartObject();
        WriteOptional(w, "address", location.Address);
        WriteOptional(w, "postalCode", location.PostalCode);
        // NAV's own examples spell Norway "NORGE"; any other value counts as abroad (LocationDTO.isCountryAbroad).
        w.WriteString("country", location.Country == "NO" ? "NORGE" : location.Country);
        WriteOptional(w, "county", location.County);
        WriteOptional(w, "municipal", location.Municipality);
        WriteOptional(w, "city", location.City);
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
