using System.Text;
using System.Text.Json;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>
/// Jobnet (STAR): JSON for its job-ad service (field names assumed: docs/boards/jobnet.md). Occupation as a concept URI
/// (STAR's services name occupations by ESCO concept URIs, conceptUriDa) with the DISCO-08 (ISCO-08) code beside it.
/// Rules: a workplace in Denmark, an occupation, and a publication window of at most 8 weeks.
/// </summary>
public sealed class JobnetRenderer : IBoardRenderer
{
    /// <summary>Jobnet publishes an ad for at most 8 weeks.</summary>
    public static readonly TimeSpan MaxPublication = TimeSpan.FromDays(7 * 8);

    public string Board => BoardIds.Jobnet;

    public BoardRendering Render(string adId, JobAdDocument ad)
    {
        var problems = new List<string>();
        var workplace = ad.Locations.FirstOrDefault(l => l.Country == "DK");
        if (workplace is null)
        {
            problems.Add("locations: Jobnet requires a workplace in Denmark (country DK)");
        }
        if (ad.Occupation.Isco08 is null && ad.Occupation.Esco is null)
        {
            problems.Add("occupation: Jobnet requires an occupation (ESCO concept URI or DISCO-08 code) and none maps from the codes given");
        }
        if (ad.Expires - ad.Published > MaxPublication)
        {
            problems.Add("expires: Jobnet publishes an ad for at most 8 weeks after it is published");
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
            if (ad.Occupation.Esco is { } concept)
            {
                w.WriteString("conceptUri", concept);
            }
            if (ad.Occupation.Isco08 is { } disco)
            {
                w.WriteString("discoCode", disco);
            }
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
