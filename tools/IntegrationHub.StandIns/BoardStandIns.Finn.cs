using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace IntegrationHub.StandIns;

/// <summary>
/// Finn.no under /finn: one XML ad per PUT. The rules from Finn's help centre ("Important updates", IADIF-job80.dtd):
/// ad types JOB, JOB_PARTTIME, JOB_EXECUTIVE; COMPANY, APPLICATION_URL, at least one JOB_CONTACT, OCCUPATION with GENERAL
/// or SPECIALIZATION. Envelope, spelling and the 42-day run are assumed (docs/boards/finn.md).
/// </summary>
public sealed partial class BoardStandIns
{
    // ------------------------------------------------------------ Finn.no: /finn/api/ads/{id}

    private static (int, string) Finn(Board board, string method, string[] path, string body)
    {
        if (path.Length != 4 || path[1] != "api" || path[2] != "ads")
        {
            return (404, "unknown path");
        }
        var id = path[3];
        if (method == "DELETE")
        {
            return board.Remove(id) ? (204, "") : (404, "no such ad");
        }
        if (method != "PUT")
        {
            return (405, "method not allowed");
        }
        XDocument xml;
        try
        {
            xml = XDocument.Parse(body);
        }
        catch (XmlException e)
        {
            return (400, "not well-formed XML: " + e.Message);
        }
        var root = xml.Root!;
        if (root.Name != "FinnJobAd" || root.Element("ExternalId")?.Value != id)
        {
            return (400, "root must be FinnJobAd with ExternalId matching the URL");
        }
        if (root.Element("AdType")?.Value is not ("JOB" or "JOB_PARTTIME" or "JOB_EXECUTIVE"))
        {
            return (400, "the ad type must be JOB, JOB_PARTTIME or JOB_EXECUTIVE");
        }
        // Finn's help centre (IADIF-job80.dtd changes): COMPANY mandatory and single, APPLICATION_URL required, at least
        // one JOB_CONTACT, OCCUPATION with GENERAL or SPECIALIZATION.
        var occupation = root.Element("Occupation");
        if (root.Elements("Company").Count() != 1 || string.IsNullOrEmpty(root.Element("Company")?.Element("Name")?.Value)
            || string.IsNullOrEmpty(root.Element("ApplicationUrl")?.Value)
            || root.Element("Contacts")?.Elements("Contact").Any() != true
            || (string.IsNullOrEmpty(occupation?.Element("General")?.Value) && string.IsNullOrEmpty(occupation?.Element("Specialization")?.Value))
            || root.Elements("JobTitle").Count() != 1)
        {
            return (400, "company, application URL, a contact, an occupation (general or specialization) and one job title are required");
        }
        var days = (DateTime.Parse(root.Element("Expires")!.Value, System.Globalization.CultureInfo.InvariantCulture)
            - DateTime.Parse(root.Element("Published")!.Value, System.Globalization.CultureInfo.InvariantCulture)).TotalDays;
        if (days > 42)
        {
            return (400, "an ad runs at most 42 days");
        }
        var code = board.Ads.GetValueOrDefault(id)?.Code ?? "FINN" + board.NextId();
        board.Store(id, body, null, code: code);
        return (200, new XElement("Receipt", new XElement("FinnCode", code)).ToString());
    }
}
