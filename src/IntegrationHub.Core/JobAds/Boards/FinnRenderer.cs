using System.Xml;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>
/// Finn.no: one XML document per ad. From Finn's help centre ("Important updates", IADIF-job80.dtd): the job ad types
/// JOB, JOB_PARTTIME and JOB_EXECUTIVE; COMPANY, APPLICATION_URL and at least one JOB_CONTACT are required; OCCUPATION
/// holds Finn's own values, GENERAL (a field) and SPECIALIZATION (within it), at least one of them. The envelope, the
/// element spelling, the 42-day run and the occupation values the hub sends are assumed (the DTD itself is not public):
/// see docs/boards/finn.md.
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
        var (general, specialization) = Occupation(ad);
        if (general is null && specialization is null)
        {
            problems.Add("occupation: Finn.no requires an occupation (GENERAL or SPECIALIZATION) and none maps from the codes given");
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
            w.WriteElementString("AdType", AdType(ad));
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
            if (general is not null)
            {
                w.WriteElementString("General", general);
            }
            if (specialization is not null)
            {
                w.WriteElementString("Specialization", specialization);
            }
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

    /// <summary>Finn's job ad types: a part-time position is JOB_PARTTIME, any other JOB (JOB_EXECUTIVE is a product the client buys at Finn).</summary>
    public static string AdType(JobAdDocument ad) => ad.Extent == "parttime" ? "JOB_PARTTIME" : "JOB";

    /// <summary>
    /// Assumed: Finn's occupation values are not published, so the hub sends the occupation's label (or the job title)
    /// as SPECIALIZATION and leaves GENERAL to Finn.
    /// </summary>
    public static (string? General, string? Specialization) Occupation(JobAdDocument ad) => (null, ad.Occupation.Label ?? ad.JobTitle);
}
