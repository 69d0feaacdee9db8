using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using IntegrationHub.Core.JobAds.Boards;

namespace IntegrationHub.UnitTests.JobAds;

/// <summary>Each board's rendering against its format and rules.</summary>
public sealed class BoardRenderingTests
{
    private const string AdId = "abcdefghijklmnopqrstuvwxyz";

    // ------------------------------------------------------------ NAV

    [Fact]
    public void Nav_Example_IsTheImportApiShapeWithStyrk08AndNorwegianValues()
    {
        // Act
        var rendering = new NavRenderer().Render(AdId, JobAdSamples.Ad());
        var json = JsonNode.Parse(rendering.Content)!;

        // Assert
        Assert.True(rendering.IsValid, string.Join("; ", rendering.Problems));
        Assert.Equal("application/json", rendering.ContentType);
        Assert.Equal(AdId, json["reference"]!.GetValue<string>());
        Assert.Equal(2, json["positions"]!.GetValue<int>());
        Assert.Equal("2026-12-01T08:00:00", json["published"]!.GetValue<string>());
        Assert.Equal("942110464", json["employer"]!["orgnr"]!.GetValue<string>());
        Assert.Equal("Trondheim kommune, Helse og velferd", json["employer"]!["businessName"]!.GetValue<string>());
        Assert.Equal("Trondheim", json["locationList"]![0]!["municipal"]!.GetValue<string>());
        var category = json["categoryList"]![0]!;
        Assert.Equal(("5321", "STYRK08"), (category["code"]!.GetValue<string>(), category["categoryType"]!.GetValue<string>()));
        Assert.Equal("kari.nordmann@example.com", json["contactList"]![0]!["email"]!.GetValue<string>());
        var properties = json["properties"]!;
        Assert.Equal("Fast", properties["engagementtype"]!.GetValue<string>());
        Assert.Equal("Heltid", properties["extent"]!.GetValue<string>());
        Assert.Equal("Offentlig", properties["sector"]!.GetValue<string>());
        Assert.Equal("2026-12-15", properties["applicationdue"]!.GetValue<string>());
        Assert.Equal("https://candidate.example.com/apply/2026-118734", properties["applicationurl"]!.GetValue<string>());
    }

    [Fact]
    public void Nav_EmployerWithADanishCvr_IsRejectedNamingTheRule()
    {
        // Act
        var rendering = new NavRenderer().Render(AdId, JobAdSamples.Ad(j => j["employer"]!["orgnr"] = "12345678"));

        // Assert
        Assert.Contains(rendering.Problems, p => p.StartsWith("employer.orgnr", StringComparison.Ordinal));
    }

    // ------------------------------------------------------------ Jobnet

    [Fact]
    public void Jobnet_AdWithADanishWorkplace_HasTheDiscoCodeAndThatWorkplace()
    {
        // Act
        var rendering = new JobnetRenderer().Render(AdId, JobAdSamples.ForAllBoards());
        var json = JsonNode.Parse(rendering.Content)!;

        // Assert
        Assert.True(rendering.IsValid, string.Join("; ", rendering.Problems));
        Assert.Equal(AdId, json["externalReference"]!.GetValue<string>());
        Assert.Equal("5321", json["occupation"]!["discoCode"]!.GetValue<string>());
        Assert.Equal("DK", json["workplace"]!["countryCode"]!.GetValue<string>());
        Assert.Equal("København", json["workplace"]!["city"]!.GetValue<string>());
        Assert.Equal("2026-12-31", json["lastPublicationDate"]!.GetValue<string>());
    }

    [Fact]
    public void Jobnet_AdWithoutAWorkplaceInDenmark_IsRejected()
    {
        // Act
        var rendering = new JobnetRenderer().Render(AdId, JobAdSamples.Ad());

        // Assert
        Assert.Contains(rendering.Problems, p => p.Contains("Denmark", StringComparison.Ordinal));
    }

    // ------------------------------------------------------------ Finn.no

    [Fact]
    public void Finn_Example_IsWellFormedXmlWithCompanyOccupationContactAndOneJobTitle()
    {
        // Act
        var rendering = new FinnRenderer().Render(AdId, JobAdSamples.Ad());
        var xml = XDocument.Parse(rendering.Content);

        // Assert
        Assert.True(rendering.IsValid, string.Join("; ", rendering.Problems));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", rendering.Content, StringComparison.Ordinal);
        var root = xml.Root!;
        Assert.Equal("FinnJobAd", root.Name.LocalName);
        Assert.Equal(AdId, root.Element("ExternalId")!.Value);
        Assert.Equal("942110464", root.Element("Company")!.Element("OrgNumber")!.Value);
        Assert.Single(root.Elements("JobTitle"));
        Assert.Equal("Helsefagarbeider", root.Element("JobTitle")!.Value);
        Assert.Equal("5321", root.Element("Occupation")!.Attribute("code")!.Value);
        Assert.Equal("Kari Nordmann", root.Element("Contacts")!.Element("Contact")!.Element("Name")!.Value);
        Assert.Equal("https://candidate.example.com/apply/2026-118734", root.Element("ApplicationUrl")!.Value);
        Assert.Contains("<strong>helsefagarbeider</strong>", root.Element("Description")!.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("applicationUrl", "applicationUrl")]
    [InlineData("contacts", "contacts")]
    public void Finn_AdMissingWhatFinnRequires_IsRejectedNamingIt(string property, string problem)
    {
        // Act
        var rendering = new FinnRenderer().Render(AdId, JobAdSamples.Ad(j => j.Remove(property)));

        // Assert
        Assert.Contains(rendering.Problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2027-01-12T08:00:00Z", true)]  // 42 days
    [InlineData("2027-01-12T08:00:01Z", false)] // a second more
    public void Finn_RunningTime_IsAtMost42Days(string expires, bool valid)
    {
        // Act
        var rendering = new FinnRenderer().Render(AdId, JobAdSamples.Ad(j => j["expires"] = expires));

        // Assert
        Assert.Equal(valid, rendering.IsValid);
    }

    [Fact]
    public void Finn_OccupationWithNoStyrk08Mapping_IsRejected()
    {
        // Act
        var rendering = new FinnRenderer().Render(AdId, JobAdSamples.Ad(j => j["occupation"] = new JsonObject { ["isco08"] = "0110" }));

        // Assert
        Assert.Contains(rendering.Problems, p => p.StartsWith("occupation", StringComparison.Ordinal));
    }

    // EURES: see Eures/EuresRendererTests and Eures/EuresConformanceTests.

    // ------------------------------------------------------------ every board

    [Fact]
    public void EveryBoard_SameAdTwice_GivesTheSameHash()
    {
        foreach (var renderer in BoardRenderers.All)
        {
            Assert.Equal(renderer.Render(AdId, JobAdSamples.ForAllBoards()).Hash, renderer.Render(AdId, JobAdSamples.ForAllBoards()).Hash);
        }
    }

    [Fact]
    public void EveryBoard_SanitisedText_IsWhatTheBoardGets()
    {
        // Arrange
        var ad = JobAdSamples.ForAllBoards(j => j["adText"] = "<p>Hei<script>alert('x')</script></p><img src=\"https://t.example/p.gif\">");

        // Act / Assert
        foreach (var renderer in BoardRenderers.All)
        {
            var content = renderer.Render(AdId, ad).Content;
            Assert.DoesNotContain("alert", content, StringComparison.Ordinal);
            Assert.DoesNotContain("t.example", content, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NavJson_ParsesAsJson_AndXmlBoards_ParseAsXml()
    {
        var ad = JobAdSamples.ForAllBoards();
        using var nav = JsonDocument.Parse(new NavRenderer().Render(AdId, ad).Content);
        using var jobnet = JsonDocument.Parse(new JobnetRenderer().Render(AdId, ad).Content);
        Assert.NotNull(XDocument.Parse(new FinnRenderer().Render(AdId, ad).Content).Root);
        Assert.NotNull(XDocument.Parse(new EuresRenderer().Render(AdId, ad).Content).Root);
    }
}
