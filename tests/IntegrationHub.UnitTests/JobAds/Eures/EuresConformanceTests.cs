using System.Text.Json.Nodes;
using System.Xml.Linq;
using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.UnitTests.JobAds.Eures;

/// <summary>
/// The hub's PositionOpening against NAV's own examples (JobAds/Conformance/eures, copied from
/// navikt/pam-eures-stilling-eksport src/test/resources/ads): the same ad facts give the same elements, in the same
/// order and namespaces, with the same attributes and the same coded values. What differs by design is listed.
/// </summary>
public sealed class EuresConformanceTests
{
    private static readonly XNamespace Hr = EuresRenderer.Namespace;

    /// <summary>Elements whose text is the sender's own, not a code: the ids and schemes (NAV's are NAV's), the ad text, the start text.</summary>
    private static readonly HashSet<string> OwnValues = ["DocumentID", "PartyID", "Content", "DateText"];

    private static XDocument Nav(string file) => XDocument.Load(RepoPaths.Combine("tests", "IntegrationHub.UnitTests", "JobAds", "Conformance", "eures", file));

    /// <summary>NAV's ad_1 facts (its ad_1.json) in the hub's canonical ad.</summary>
    private static XDocument HubRendering(Action<JsonObject>? change = null) => XDocument.Parse(EuresRenderer.Document("ref", JobAdSamples.Ad(j =>
    {
        j["title"] = "Motorkyndige Teknikkere/ Elektrikkere/ Feilsøkere";
        j["language"] = "nb";
        j["positions"] = 2;
        j["employer"] = new JsonObject { ["name"] = "NORDISK TOGTEKNIKK AS", ["orgnr"] = "987938323" };
        j["locations"] = new JsonArray(new JsonObject { ["address"] = "Kværnerveien 6", ["postalCode"] = "0195", ["city"] = "OSLO", ["county"] = "OSLO", ["country"] = "NO" });
        j["applicationUrl"] = "https://www.finn.no/138328250";
        j["occupation"] = new JsonObject { ["styrk08"] = "7411" };
        j["engagementType"] = "permanent";
        j["extent"] = "fulltime";
        j["published"] = "2019-01-19T08:00:00+01:00";
        j["expires"] = "2019-03-01T00:00:00+01:00";
        change?.Invoke(j);
    })));

    /// <summary>Every element in document order: path, namespace and attribute names (namespace declarations aside).</summary>
    private static List<(string Path, string Namespace, string Attributes, XElement Element)> Shape(XDocument document, params string[] leaveOut) =>
        [.. document.Descendants()
            .Where(e => !leaveOut.Contains(e.Name.LocalName))
            .Select(e => (
                string.Join("/", e.AncestorsAndSelf().Reverse().Select(a => a.Name.LocalName)),
                e.Name.NamespaceName,
                string.Join(",", e.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => a.Name.LocalName)),
                e))];

    [Fact]
    public void Rendering_OfNavsAd1Facts_HasNavsShapeAndValues_FieldByField()
    {
        // Arrange: NAV's ad has an industry code (NACE), which the canonical ad does not carry.
        var nav = Shape(Nav("nav-ad_1.xml"), "IndustryCode");

        // Act
        var hub = Shape(HubRendering());

        // Assert: same elements, order, namespaces and attributes.
        Assert.Equal(nav.Select(n => (n.Path, n.Namespace, n.Attributes)), hub.Select(h => (h.Path, h.Namespace, h.Attributes)));
        // Assert: the same values wherever the value is a code or one of the ad's facts.
        for (var i = 0; i < nav.Count; i++)
        {
            var (n, h) = (nav[i].Element, hub[i].Element);
            if (!n.HasElements && !OwnValues.Contains(n.Name.LocalName))
            {
                Assert.True(n.Value == h.Value, $"{nav[i].Path}: NAV '{n.Value}', hub '{h.Value}'");
            }
            if (n.Name.LocalName is "JobCategoryCode" or "PositionOpeningStatusCode" or "PositionProfile")
            {
                Assert.Equal(n.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => a.ToString()), h.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => a.ToString()));
            }
        }
        var root = hub[0].Element;
        Assert.Equal(("3", "2", "1.3"), (root.Attribute("majorVersionID")!.Value, root.Attribute("minorVersionID")!.Value, root.Element(Hr + "DocumentID")!.Attribute("schemeVersionID")!.Value));
    }

    [Fact]
    public void Rendering_OfALocationKnownOnlyByCountry_DiffersFromNavOnlyByTheCountrysNuts0Code()
    {
        // Arrange
        var nav = Shape(Nav("nav-ad_with_only_country.xml"), "IndustryCode");

        // Act: the hub writes NUTS 0 where NAV writes no CountrySubDivisionCode (assumed; docs/boards/eures.md).
        var hub = Shape(HubRendering(j => j["locations"] = new JsonArray(new JsonObject { ["country"] = "NO" })));

        // Assert
        var nuts = Assert.Single(hub, h => h.Element.Name.LocalName == "CountrySubDivisionCode");
        Assert.Equal("NO", nuts.Element.Value);
        Assert.Equal(nav.Select(n => (n.Path, n.Namespace, n.Attributes)), hub.Where(h => h != nuts).Select(h => (h.Path, h.Namespace, h.Attributes)));
    }
}
