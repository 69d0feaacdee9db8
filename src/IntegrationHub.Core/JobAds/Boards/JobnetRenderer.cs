using System.Text;
using System.Text.Json;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>
/// Jobnet (STAR): JSON for its REST job-ad service, occupation as DISCO-08 (Denmark's ISCO-08). Rules: a workplace in
/// Denmark and an ISCO-08 occupation.
/// </summary>
public sealed class JobnetRenderer : IBoardRenderer
{
    public string Board => BoardIds.Jobnet;

    public BoardRendering Render(string adId, JobAdDocument ad)
    {
        var problems = new List<string>();
        var workplace = ad.Locations.FirstOrDefault(l => l.Country == "DK");
        if (workplace is null)
        {
            problems.Add("locations: Jobnet requires a workplace in Denmark (country DK)");
        }
        if (ad.Occupation.Isco08 is null)
        {
            problems.Add("occupation: Jobnet requires an ISCO-08 (DISCO-08) code and none maps from the codes given");
        }
        var place = workplace ?? ad.Locations[0];

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("externalReference", adId);
            w.WriteString("title", ad.Title);
            w.WriteString("jobTitle", ad.JobTitle ?? ad.Title);
            w.WriteString("descriptionHtml", ad.AdText);
            w.WriteNumber("numberOfPositions", ad.Positions);
            w.WriteString("publicationDate", BoardRenderers.Date(ad.Published));
            w.WriteString("lastPublicationDate", BoardRenderers.Date(ad.Expires));
            if (ad.ApplicationDue is { } due)
            {
                w.WriteString("applicationDeadline", BoardRenderers.Date(due));
            }
            if (ad.ApplicationUrl is { } url)
            {
                w.WriteString("applicationUrl", url);
            }
            w.WriteStartObject("employer");
            w.WriteString("name", ad.Employer.Name);
            w.WriteString("organisationNumber", ad.Employer.Orgnr);
            w.WriteEndObject();
            w.WriteStartObject("workplace");
            if (place.Address is { } address)
            {
                w.WriteString("street", address);
            }
            if (place.PostalCode is { } postal)
            {
                w.WriteString("postalCode", postal);
            }
            if (place.City is { } city)
            {
                w.WriteString("city", city);
            }
            w.WriteString("countryCode", place.Country);
            w.WriteEndObject();
            w.WriteStartObject("occupation");
            w.WriteString("discoCode", ad.Occupation.Isco08 ?? "");
            w.WriteString("title", ad.Occupation.Label ?? ad.JobTitle ?? ad.Title);
            w.WriteEndObject();
            w.WriteString("employmentType", ad.EngagementType ?? "other");
            w.WriteString("workingHours", ad.Extent ?? "fulltime");
            w.WriteStartArray("contacts");
            foreach (var contact in ad.Contacts)
            {
                w.WriteStartObject();
                w.WriteString("name", contact.Name);
                if (contact.Email is { } email)
                {
                    w.WriteString("email", email);
                }
                if (contact.Phone is { } phone)
                {
                    w.WriteString("phone", phone);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return new BoardRendering(Board, Encoding.UTF8.GetString(buffer.ToArray()), "application/json", problems);
    }
}
