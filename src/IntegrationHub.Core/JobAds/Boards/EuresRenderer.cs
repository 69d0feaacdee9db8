using System.Xml;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>
/// EURES: an HR-XML 3 <c>PositionOpening</c> with the occupation as ESCO. Rule: an ESCO code (the hub maps one from
/// ISCO-08 or STYRK08 when the sender gave none).
/// </summary>
public sealed class EuresRenderer : IBoardRenderer
{
    public const string Namespace = "http://www.hr-xml.org/3";
    public const string OagisNamespace = "http://www.openapplications.org/oagis/9";

    public string Board => BoardIds.Eures;

    public BoardRendering Render(string adId, JobAdDocument ad)
    {
        var problems = new List<string>();
        if (ad.Occupation.Esco is null)
        {
            problems.Add("occupation: EURES requires an ESCO occupation and none maps from the codes given");
        }

        var content = BoardRenderers.Xml(w =>
        {
            w.WriteStartDocument();
            w.WriteStartElement("PositionOpening", Namespace);
            w.WriteAttributeString("xmlns", "oa", null, OagisNamespace);
            w.WriteAttributeString("majorVersionID", "3");
            w.WriteAttributeString("minorVersionID", "2");
            w.WriteStartElement("DocumentID", Namespace);
            w.WriteAttributeString("schemeID", "IntegrationHub");
            w.WriteString(adId);
            w.WriteEndElement();
            w.WriteStartElement("PositionRecordInfo", Namespace);
            w.WriteStartElement("ID", OagisNamespace);
            w.WriteString(adId);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteElementString("PositionOpeningStatusCode", Namespace, "Active");

            w.WriteStartElement("PostingRequester", Namespace);
            w.WriteStartElement("PartyID", Namespace);
            w.WriteAttributeString("schemeID", "OrganisationNumber");
            w.WriteString(ad.Employer.Orgnr);
            w.WriteEndElement();
            w.WriteElementString("PartyName", Namespace, ad.Employer.Name);
            w.WriteEndElement();

            w.WriteStartElement("PositionProfile", Namespace);
            if (ad.Language is { } language)
            {
                w.WriteAttributeString("languageCode", language);
            }
            w.WriteElementString("PositionTitle", Namespace, ad.JobTitle ?? ad.Title);
            foreach (var location in ad.Locations)
            {
                w.WriteStartElement("PositionLocation", Namespace);
                w.WriteStartElement("Address", Namespace);
                if (location.Address is { } street)
                {
                    w.WriteElementString("AddressLine", OagisNamespace, street);
                }
                if (location.City is { } city)
                {
                    w.WriteElementString("CityName", OagisNamespace, city);
                }
                if (location.PostalCode is { } postal)
                {
                    w.WriteElementString("PostalCode", OagisNamespace, postal);
                }
                w.WriteElementString("CountryCode", OagisNamespace, location.Country);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteStartElement("PositionOrganization", Namespace);
            w.WriteStartElement("OrganizationIdentifiers", Namespace);
            w.WriteElementString("OrganizationName", Namespace, ad.Employer.Name);
            w.WriteElementString("OrganizationLegalID", Namespace, ad.Employer.Orgnr);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteStartElement("JobCategoryCode", Namespace);
            w.WriteAttributeString("listName", "ESCO_Occupations");
            w.WriteAttributeString("listURI", "https://ec.europa.eu/esco/portal");
            w.WriteAttributeString("listVersionID", "ESCOv1");
            w.WriteString(ad.Occupation.Esco ?? "");
            w.WriteEndElement();
            if (ad.Occupation.Isco08 is { } isco)
            {
                w.WriteStartElement("JobCategoryCode", Namespace);
                w.WriteAttributeString("listName", "ISCO2008");
                w.WriteString(isco);
                w.WriteEndElement();
            }
            w.WriteElementString("PositionScheduleTypeCode", Namespace, ad.Extent == "parttime" ? "PartTime" : "FullTime");
            w.WriteElementString("PositionOfferingTypeCode", Namespace, ad.EngagementType switch
            {
                "temporary" => "Temporary",
                "seasonal" => "Seasonal",
                "trainee" or "apprentice" => "Apprenticeship",
                "freelance" => "SelfEmployed",
                _ => "DirectHire",
            });
            w.WriteElementString("PositionOpenQuantity", Namespace, ad.Positions.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartElement("PositionFormattedDescription", Namespace);
            w.WriteElementString("Content", Namespace, ad.AdText);
            w.WriteEndElement();
            w.WriteStartElement("PositionPeriod", Namespace);
            w.WriteElementString("StartDate", Namespace, BoardRenderers.Date(ad.Published));
            w.WriteElementString("EndDate", Namespace, BoardRenderers.Date(ad.Expires));
            w.WriteEndElement();
            if (ad.ApplicationDue is { } due)
            {
                w.WriteElementString("ApplicationCloseDate", Namespace, BoardRenderers.Date(due));
            }
            if (ad.ApplicationUrl is { } url)
            {
                w.WriteStartElement("ApplicationMethod", Namespace);
                w.WriteStartElement("Communication", Namespace);
                w.WriteElementString("URI", OagisNamespace, url);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        });
        return new BoardRendering(Board, content, "application/xml", problems);
    }
}
