using System.Xml;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>
/// Finn.no: one XML document per ad. Rules: company, application URL, at least one contact and an occupation are
/// required; an ad runs at most 42 days; one job title per ad.
/// </summary>
public sealed class FinnRenderer : IBoardRenderer
{
    public const int MaxDays = 42;

    public string Board => BoardIds.Finn;

    public BoardRendering Render(string adId, JobAdDocument ad)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ad.Employer.Name))
        {
            problems.Add("employer.name: Finn.no requires the company");
        }
        if (ad.ApplicationUrl is null)
        {
            problems.Add("applicationUrl: Finn.no requires an application URL");
        }
        if (ad.Contacts.Count == 0)
        {
            problems.Add("contacts: Finn.no requires at least one contact");
        }
        if (ad.Occupation.Styrk08 is null)
        {
            problems.Add("occupation: Finn.no requires an occupation (STYRK08) and none maps from the codes given");
        }
        if (ad.Expires - ad.Published > TimeSpan.FromDays(MaxDays))
        {
            problems.Add($"expires: a Finn.no ad runs at most {MaxDays} days after it is published");
        }

        var content = BoardRenderers.Xml(w =>
        {
            w.WriteStartDocument();
            w.WriteStartElement("FinnJobAd");
            w.WriteAttributeString("version", "1.0");
            w.WriteElementString("ExternalId", adId);
            w.WriteStartElement("Company");
            w.WriteElementString("Name", ad.Employer.Name);
            w.WriteElementString("OrgNumber", ad.Employer.Orgnr);
            if (ad.Employer.Homepage is { } homepage)
            {
                w.WriteElementString("Homepage", homepage);
            }
            w.WriteEndElement();
            w.WriteElementString("Heading", ad.Title);
            w.WriteElementString("JobTitle", ad.JobTitle ?? ad.Title);
            w.WriteStartElement("Occupation");
            w.WriteAttributeString("system", "STYRK08");
            w.WriteAttributeString("code", ad.Occupation.Styrk08 ?? "");
            w.WriteString(ad.Occupation.Label ?? ad.JobTitle ?? ad.Title);
            w.WriteEndElement();
            w.WriteElementString("Description", ad.AdText);
            w.WriteElementString("Positions", ad.Positions.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteElementString("Published", BoardRenderers.LocalDateTime(ad.Published));
            w.WriteElementString("Expires", BoardRenderers.LocalDateTime(ad.Expires));
            if (ad.ApplicationDue is { } due)
            {
                w.WriteElementString("ApplicationDeadline", BoardRenderers.Date(due));
            }
            w.WriteElementString("ApplicationUrl", ad.ApplicationUrl ?? "");
            w.WriteStartElement("Locations");
            foreach (var location in ad.Locations)
            {
                w.WriteStartElement("Location");
                if (location.Address is { } address)
                {
                    w.WriteElementString("Address", address);
                }
                if (location.PostalCode is { } postal)
                {
                    w.WriteElementString("PostalCode", postal);
                }
                if (location.City is { } city)
                {
                    w.WriteElementString("City", city);
                }
                w.WriteElementString("Country", location.Country);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteStartElement("Contacts");
            foreach (var contact in ad.Contacts)
            {
                w.WriteStartElement("Contact");
                w.WriteElementString("Name", contact.Name);
                if (contact.Title is { } title)
                {
                    w.WriteElementString("Title", title);
                }
                if (contact.Email is { } email)
                {
                    w.WriteElementString("Email", email);
                }
                if (contact.Phone is { } phone)
                {
                    w.WriteElementString("Phone", phone);
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
            if (ad.EngagementType is { } engagement)
            {
                w.WriteElementString("EmploymentType", engagement);
            }
            if (ad.Extent is { } extent)
            {
                w.WriteElementString("Extent", extent);
            }
            if (ad.Sector is { } sector)
            {
                w.WriteElementString("Sector", sector);
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        });
        return new BoardRendering(Board, content, "application/xml", problems);
    }
}
