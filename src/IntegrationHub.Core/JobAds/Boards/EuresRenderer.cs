using System.Globalization;
using System.Xml;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.JobAds.Eures;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>
/// EURES: an HR-XML 3 <c>PositionOpening</c> (content format version 1.3) with the elements, their order, attributes
/// and namespaces of NAV's real export (navikt/pam-eures-stilling-eksport: euresapi/JobVacancy.kt,
/// PositionOpeningConverter.kt, PositionLocationConverter.kt; examples src/test/resources/ads/*.xml). EURES pulls it
/// from the hub's vacancy exchange; nothing is pushed. Rules (NAV's export applies the same before it lists an ad):
/// an occupation as an ESCO occupation or an ISCO-08 code, a location in a EURES country, not an internal ad.
/// </summary>
public sealed class EuresRenderer : IBoardRenderer
{
    public const string Namespace = "http://www.hr-xml.org/3";
    public const string OagisNamespace = "http://www.openapplications.org/oagis/9";

    /// <summary>ISCO-08 codes, as NAV lists them (JobVacancy.kt, JobCategoryCode defaults).</summary>
    public static readonly (string Name, string VersionId, string Uri) IscoList = ("ISCO2008", "2008", "http://ec.europa.eu/esco/ConceptScheme/ISCO2008");

    /// <summary>ESCO occupation URIs, as NAV lists them (PositionOpeningConverter.kt, createJobCategoryCodeForIscoOrEsco).</summary>
    public static readonly (string Name, string VersionId, string Uri) EscoList = ("ESCO_Occupations", "ESCOv1", "https://ec.europa.eu/esco/portal");

    /// <summary>The hub's own scheme for document and party ids (assumed: NAV writes its own, "NAV-002" and "NAV").</summary>
    public const string Scheme = "IntegrationHub";

    private static readonly TimeZoneInfo CentralEurope = FindZone("Europe/Oslo");

    public string Board => BoardIds.Eures;

    public BoardRendering Render(string adId, JobAdDocument ad) =>
        new(Board, Document(adId, ad), "application/xml", Problems(ad));

    public static IReadOnlyList<string> Problems(JobAdDocument ad)
    {
        var problems = new List<string>();
        if (JobCategories(ad.Occupation).Count == 0)
        {
            problems.Add("occupation: EURES needs an ESCO occupation or an ISCO-08 code, and none maps from the codes given");
        }
        if (!ad.Locations.Any(l => NutsRegions.IsEuresCountry(l.Country)))
        {
            problems.Add("locations: EURES takes vacancies in the EU, the EEA and Switzerland only");
        }
        if (ad.Privacy == "INTERNAL_NOT_SHOWN")
        {
            problems.Add("privacy: an internal ad (INTERNAL_NOT_SHOWN) is not passed to EURES");
        }
        return problems;
    }

    /// <param name="documentId">The vacancy's reference on the exchange (EURES' key; NAV writes its ad id).</param>
    public static string Document(string documentId, JobAdDocument ad)
    {
        var language = LanguageOf(ad);
        return BoardRenderers.Xml(w =>
        {
            w.WriteStartDocument();
            w.WriteStartElement("PositionOpening", Namespace);
            w.WriteAttributeString("xmlns", "oa", null, OagisNamespace);
            // NAV writes a fixed validFrom; the hub writes the ad's publication date (assumed).
            w.WriteAttributeString("validFrom", TimeZoneInfo.ConvertTime(ad.Published, CentralEurope).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteAttributeString("majorVersionID", "3");
            w.WriteAttributeString("minorVersionID", "2");
            w.WriteStartElement("DocumentID", Namespace);
            w.WriteAttributeString("schemeID", Scheme);
            w.WriteAttributeString("schemeAgencyID", Scheme);
            w.WriteAttributeString("schemeAgencyName", "IntegrationHub vacancy exchange");
            w.WriteAttributeString("schemeVersionID", EuresVacancyService.ContentFormatVersion);
            w.WriteString(documentId);
            w.WriteEndElement();
            // NAV writes Active for every vacancy it serves; a closed one is CLOSED in the API's status, not here.
            w.WriteStartElement("PositionOpeningStatusCode", Namespace);
            w.WriteAttributeString("name", "Active");
            w.WriteString("Active");
            w.WriteEndElement();
            w.WriteStartElement("PostingRequester", Namespace);
            w.WriteStartElement("PartyID", Namespace);
            w.WriteAttributeString("schemeID", Scheme);
            w.WriteAttributeString("schemeAgencyID", Scheme);
            w.WriteAttributeString("schemeAgencyName", "IntegrationHub vacancy exchange");
            w.WriteString(Scheme);
            w.WriteEndElement();
            w.WriteEndElement();

            w.WriteStartElement("PositionProfile", Namespace);
            w.WriteAttributeString("languageCode", language);
            w.WriteStartElement("PostingInstruction", Namespace);
            w.WriteStartElement("ApplicationMethod", Namespace);
            w.WriteStartElement("Instructions", Namespace);
            w.WriteCData(ad.ApplicationUrl ?? ad.Employer.Homepage ?? "See the job description");
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteElementString("PositionTitle", Namespace, ad.Title);
            foreach (var location in Locations(ad.Locations))
            {
                WriteLocation(w, location);
            }
            w.WriteStartElement("PositionOrganization", Namespace);
            w.WriteStartElement("OrganizationIdentifiers", Namespace);
            w.WriteElementString("OrganizationName", Namespace, ad.Employer.Name);
            w.WriteElementString("OrganizationLegalID", Namespace, ad.Employer.Orgnr);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteElementString("PositionOpenQuantity", Namespace, ad.Positions.ToString(CultureInfo.InvariantCulture));
            foreach (var (list, code) in JobCategories(ad.Occupation))
            {
                w.WriteStartElement("JobCategoryCode", Namespace);
                w.WriteAttributeString("listName", list.Name);
                w.WriteAttributeString("listVersionID", list.VersionId);
                w.WriteAttributeString("listURI", list.Uri);
                w.WriteString(code);
                w.WriteEndElement();
            }
            w.WriteElementString("PositionOfferingTypeCode", Namespace, OfferingType(ad.EngagementType));
            w.WriteStartElement("PositionFormattedDescription", Namespace);
            w.WriteStartElement("Content", Namespace);
            w.WriteCData(ad.AdText);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteElementString("WorkingLanguageCode", Namespace, language.ToUpperInvariant());
            // The canonical ad has no start of work: "na", NAV's text where the ad gives none.
            w.WriteStartElement("PositionPeriod", Namespace);
            w.WriteStartElement("StartDate", Namespace);
            w.WriteElementString("DateText", Namespace, "na");
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteElementString("ImmediateStartIndicator", Namespace, "false");
            w.WriteElementString("PositionScheduleTypeCode", Namespace, ad.Extent == "parttime" ? "PartTime" : "FullTime");
            // NAV writes the ad's expiry date (Norwegian local time) here, not the application due date.
            w.WriteElementString("ApplicationCloseDate", Namespace,
                TimeZoneInfo.ConvertTime(ad.Expires, CentralEurope).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        });
    }

    /// <summary>
    /// The occupation in EURES' lists, as NAV's export writes it: a specific ESCO occupation as its URI in ESCO's list;
    /// ESCO's concept of an ISCO-08 group (…/esco/isco/C{code}) and an ISCO-08 code as the four-digit code in ISCO's list.
    /// </summary>
    public static IReadOnlyList<((string Name, string VersionId, string Uri) List, string Code)> JobCategories(Contracts.Cvs.OccupationCode occupation)
    {
        var result = new List<((string, string, string), string)>();
        if (occupation.Esco is { } esco)
        {
            if (esco.StartsWith(OccupationMap.EscoIscoPrefix, StringComparison.OrdinalIgnoreCase))
            {
                if (esco[OccupationMap.EscoIscoPrefix.Length..] is { Length: 4 } group && group.All(char.IsAsciiDigit))
                {
                    result.Add((IscoList, group));
                }
            }
            else
            {
                result.Add((EscoList, esco));
            }
        }
        if (occupation.Isco08 is { Length: 4 } isco && isco.All(char.IsAsciiDigit) && !result.Any(r => r.Item2 == isco))
        {
            result.Add((IscoList, isco));
        }
        return result;
    }

    private static void WriteLocation(XmlWriter w, (string? Line, string? City, string? Nuts, string Country, string? Postal) location)
    {
        w.WriteStartElement("PositionLocation", Namespace);
        w.WriteStartElement("Address", Namespace);
        if (location.Line is { } line)
        {
            w.WriteElementString("AddressLine", OagisNamespace, line);
        }
        if (location.City is { } city)
        {
            w.WriteElementString("CityName", OagisNamespace, city);
        }
        if (location.Nuts is { } nuts)
        {
            w.WriteElementString("CountrySubDivisionCode", OagisNamespace, nuts);
        }
        w.WriteElementString("CountryCode", Namespace, location.Country);
        if (location.Postal is { } postal)
        {
            w.WriteElementString("PostalCode", OagisNamespace, postal);
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>As NAV: a location that names only its country is dropped when another is more specific; duplicates once.</summary>
    private static List<(string? Line, string? City, string? Nuts, string Country, string? Postal)> Locations(IReadOnlyList<JobAdLocation> locations)
    {
        var all = locations.Select(l => (Line: l.Address, City: l.City ?? l.Municipality, Nuts: NutsRegions.Of(l.Country, l.County), l.Country, Postal: l.PostalCode))
            .Distinct().ToList();
        var specific = all.Where(l => l.Line is not null || l.City is not null || l.Postal is not null || (l.Nuts is not null && l.Nuts != l.Country)).ToList();
        return specific.Count > 0 ? specific : all;
    }

    /// <summary>NAV's mapping of its engagement types (extentToPositionOfferingTypeCode), from the canonical values.</summary>
    private static string OfferingType(string? engagementType) => engagementType switch
    {
        "temporary" => "Temporary",
        "seasonal" => "Seasonal",
        "trainee" or "apprentice" => "Apprenticeship",
        "freelance" => "Contract",
        _ => "DirectHire",
    };

    /// <summary>ISO 639-1, with Norwegian as NAV writes it ("no"); without a language, the first location's country's.</summary>
    private static string LanguageOf(JobAdDocument ad) => ad.Language switch
    {
        "nb" or "nn" or "no" => "no",
        { } language => language,
        null => (ad.Locations.Count > 0 ? ad.Locations[0].Country : null) switch
        {
            "NO" => "no",
            "DK" => "da",
            "NL" => "nl",
            "SE" => "sv",
            "DE" => "de",
            _ => "en",
        },
    };

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
