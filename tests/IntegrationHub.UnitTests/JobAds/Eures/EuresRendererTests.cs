using System.Text.Json.Nodes;
using System.Xml.Linq;
using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.UnitTests.JobAds.Eures;

/// <summary>
/// EURES' HR-XML 3 PositionOpening: NAV's element order, occupations in the list NAV puts them in, NUTS regions, the
/// content format version, and the rules under which NAV's export withholds an ad.
/// </summary>
public sealed class EuresRendererTests
{
    private const string Reference = "dev-ats.abcdefghijklmnopqrstuvwxyz";
    private static readonly XNamespace Hr = EuresRenderer.Namespace;
    private static readonly XNamespace Oa = EuresRenderer.OagisNamespace;

    private static XElement Profile(Action<JsonObject>? change = null) =>
        XDocument.Parse(EuresRenderer.Document(Reference, JobAdSamples.Ad(change))).Root!.Element(Hr + "PositionProfile")!;

    private static List<(string List, string VersionId, string Uri, string Code)> Categories(XElement profile) =>
        [.. profile.Elements(Hr + "JobCategoryCode").Select(e => (e.Attribute("listName")!.Value, e.Attribute("listVersionID")!.Value, e.Attribute("listURI")!.Value, e.Value))];

    [Fact]
    public void Render_Example_WritesNavsElementsInNavsOrder()
    {
        // Act
        var root = XDocument.Parse(EuresRenderer.Document(Reference, JobAdSamples.Ad())).Root!;

        // Assert: PositionOpening and PositionProfile children in the order of NAV's JobVacancy.kt / ad_1.xml.
        Assert.Equal(["DocumentID", "PositionOpeningStatusCode", "PostingRequester", "PositionProfile"], root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(
            ["PostingInstruction", "PositionTitle", "PositionLocation", "PositionOrganization", "PositionOpenQuantity", "JobCategoryCode",
             "PositionOfferingTypeCode", "PositionFormattedDescription", "WorkingLanguageCode", "PositionPeriod", "ImmediateStartIndicator",
             "PositionScheduleTypeCode", "ApplicationCloseDate"],
            root.Element(Hr + "PositionProfile")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(["AddressLine", "CityName", "CountrySubDivisionCode", "CountryCode", "PostalCode"],
            root.Descendants(Hr + "Address").Single().Elements().Select(e => e.Name.LocalName));
        Assert.All(root.Descendants(), e => Assert.True(e.Name.Namespace == Hr || e.Name.Namespace == Oa, e.Name.ToString()));
    }

    [Fact]
    public void Render_DocumentId_IsTheReference_WithContentFormatVersion13()
    {
        // Act
        var root = XDocument.Parse(EuresRenderer.Document(Reference, JobAdSamples.Ad())).Root!;

        // Assert
        var id = root.Element(Hr + "DocumentID")!;
        Assert.Equal((Reference, "1.3"), (id.Value, id.Attribute("schemeVersionID")!.Value));
        Assert.Equal(("3", "2"), (root.Attribute("majorVersionID")!.Value, root.Attribute("minorVersionID")!.Value));
        Assert.Equal(("Active", "Active"), (root.Element(Hr + "PositionOpeningStatusCode")!.Value, root.Element(Hr + "PositionOpeningStatusCode")!.Attribute("name")!.Value));
    }

    [Fact]
    public void Render_IscoGroupOnly_IsTheFourDigitCodeInTheIsco2008List()
    {
        // Act: the example names ISCO-08 5321 only; the hub completes ESCO's concept of the group, which NAV writes as ISCO.
        var categories = Categories(Profile());

        // Assert
        Assert.Equal([("ISCO2008", "2008", "http://ec.europa.eu/esco/ConceptScheme/ISCO2008", "5321")], categories);
    }

    [Fact]
    public void Render_SpecificEscoOccupation_IsItsUriInTheEscoList_BesideItsIscoGroup()
    {
        // Arrange: an ESCO occupation URI (NAV's own test value) with its ISCO-08 group.
        const string esco = "http://data.europa.eu/esco/occupation/4ad4024e-d1d3-4dea-b6d1-2c7948111dce";

        // Act
        var categories = Categories(Profile(j => j["occupation"] = new JsonObject { ["esco"] = esco, ["isco08"] = "5321" }));

        // Assert
        Assert.Equal(
            [("ESCO_Occupations", "ESCOv1", "https://ec.europa.eu/esco/portal", esco), ("ISCO2008", "2008", "http://ec.europa.eu/esco/ConceptScheme/ISCO2008", "5321")],
            categories);
    }

    [Theory]
    [InlineData("Trøndelag", "NO060")]
    [InlineData("OSLO", "NO081")]
    [InlineData("Møre og Romsdal", "NO0A3")]
    [InlineData("Vestland", "NO0A2")]
    public void Render_NorwegianCounty_IsNavsNuts3Code(string county, string nuts)
    {
        // Act
        var address = Profile(j => j["locations"]![0]!["county"] = county).Descendants(Hr + "Address").Single();

        // Assert
        Assert.Equal(nuts, address.Element(Oa + "CountrySubDivisionCode")!.Value);
        Assert.Equal("NO", address.Element(Hr + "CountryCode")!.Value);
    }

    [Theory]
    [InlineData("DK", null, "DK")]
    [InlineData("NO", "Ukjent fylke", "NO")]
    [InlineData("GR", null, "EL")]
    public void Render_NoKnownRegion_IsTheCountrysNuts0Code(string country, string? county, string nuts)
    {
        // Act
        var address = Profile(j => j["locations"] = new JsonArray(new JsonObject { ["city"] = "X", ["county"] = county, ["country"] = country }))
            .Descendants(Hr + "Address").Single();

        // Assert
        Assert.Equal(nuts, address.Element(Oa + "CountrySubDivisionCode")!.Value);
    }

    [Fact]
    public void Render_CountryOnlyLocationBesideASpecificOne_IsLeftOut_AsNavDoes()
    {
        // Act
        var profile = Profile(j => j["locations"]!.AsArray().Add(new JsonObject { ["country"] = "NO" }));

        // Assert
        Assert.Single(profile.Elements(Hr + "PositionLocation"));
    }

    [Fact]
    public void Render_CanonicalValues_MapToNavsCodes()
    {
        // Act
        var profile = Profile(j => { j["engagementType"] = "temporary"; j["extent"] = "parttime"; });

        // Assert
        Assert.Equal("Temporary", profile.Element(Hr + "PositionOfferingTypeCode")!.Value);
        Assert.Equal("PartTime", profile.Element(Hr + "PositionScheduleTypeCode")!.Value);
        Assert.Equal(("no", "NO"), (profile.Attribute("languageCode")!.Value, profile.Element(Hr + "WorkingLanguageCode")!.Value));
        // expires 2026-12-31T22:59:59Z is 23:59:59 on the 31st in Norway.
        Assert.Equal("2026-12-31", profile.Element(Hr + "ApplicationCloseDate")!.Value);
        Assert.Equal("https://candidate.example.com/apply/2026-118734", profile.Descendants(Hr + "Instructions").Single().Value);
    }

    [Fact]
    public void Render_TextWithCDataEnd_StaysWellFormedAndWhole()
    {
        // Arrange: the sanitiser escapes '>' in text, so the CDATA end comes in unescaped only if a sanitised text ever holds it.
        var ad = JobAdSamples.Ad() with { AdText = "<p>a ]]> b</p>" };

        // Act
        var content = XDocument.Parse(EuresRenderer.Document(Reference, ad)).Descendants(Hr + "Content").Single();

        // Assert
        Assert.Equal("<p>a ]]> b</p>", content.Value);
    }

    [Fact]
    public void Rules_NoOccupationForEures_IsAProblem()
    {
        // Act: STYRK08 0110 (armed forces) maps to nothing the hub knows.
        var rendering = new EuresRenderer().Render("a", JobAdSamples.Ad(j => j["occupation"] = new JsonObject { ["styrk08"] = "0110" }));

        // Assert
        Assert.Contains(rendering.Problems, p => p.StartsWith("occupation:", StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_NoWorkplaceInAEuresCountry_IsAProblem()
    {
        // Act
        var rendering = new EuresRenderer().Render("a", JobAdSamples.Ad(j => j["locations"] = new JsonArray(new JsonObject { ["city"] = "Boston", ["country"] = "US" })));

        // Assert
        Assert.Contains(rendering.Problems, p => p.StartsWith("locations:", StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_InternalAd_IsAProblem()
    {
        // Act
        var rendering = new EuresRenderer().Render("a", JobAdSamples.Ad(j => j["privacy"] = "INTERNAL_NOT_SHOWN"));

        // Assert
        Assert.Contains(rendering.Problems, p => p.StartsWith("privacy:", StringComparison.Ordinal));
    }
}
