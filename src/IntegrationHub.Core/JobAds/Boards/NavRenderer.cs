using System.Text;
using System.Text.Json;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>
/// NAV's import API (pam-import-api): JSON, keyed by provider + reference (the hub's ad id), STYRK08 categories,
/// Norwegian property values. Rules: a Norwegian organisation number (9 digits) and a STYRK08 occupation.
/// </summary>
public sealed class NavRenderer : IBoardRenderer
{
    public string Board => BoardIds.Nav;

    public BoardRendering Render(string adId, JobAdDocument ad)
    {
        var problems = new List<string>();
        if (ad.Employer.Orgnr.Length != 9)
        {
            problems.Add("employer.orgnr: NAV requires a Norwegian organisation number (9 digits)");
        }
        if (ad.Occupation.Styrk08 is null)
        {
            problems.Add("occupation: NAV requires a STYRK08 code and none maps from the codes given");
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
            w.WriteString("published", BoardRenderers.LocalDateTime(ad.Published));
            w.WriteString("expires", BoardRenderers.LocalDateTime(ad.Expires));
            w.WriteStartObject("employer");
            w.WriteString("reference", ad.Employer.Reference ?? ad.Employer.Orgnr);
            w.WriteString("businessName", ad.Employer.Name);
            w.WriteString("orgnr", ad.Employer.Orgnr);
            w.WritePropertyName("location");
            WriteLocation(w, ad.Locations[0]);
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
            WriteOptional(w, "applicationdue", ad.ApplicationDue is { } due ? BoardRenderers.Date(due) : null);
            WriteOptional(w, "applicationurl", ad.ApplicationUrl);
            WriteOptional(w, "engagementtype", EngagementType(ad.EngagementType));
            WriteOptional(w, "extent", ad.Extent switch { "fulltime" => "Heltid", "parttime" => "Deltid", _ => null });
            WriteOptional(w, "sector", ad.Sector switch { "public" => "Offentlig", "private" => "Privat", _ => null });
            WriteOptional(w, "jobtitle", ad.JobTitle);
            WriteOptional(w, "employerhomepage", ad.Employer.Homepage);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return new BoardRendering(Board, Encoding.UTF8.GetString(buffer.ToArray()), "application/json", problems);
    }

    private static string? EngagementType(string? type) => type switch
    {
        "permanent" => "Fast",
        "temporary" => "Midlertidig",
        "seasonal" => "Sesong",
        "trainee" => "Trainee",
        "apprentice" => "Lærling",
        "freelance" => "Selvstendig næringsdrivende",
        "other" => "Annet",
        _ => null,
    };

    private static void WriteLocation(Utf8JsonWriter w, JobAdLocation location)
    {
        w.WriteStartObject();
        WriteOptional(w, "address", location.Address);
        WriteOptional(w, "postalCode", location.PostalCode);
        w.WriteString("country", location.Country);
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
