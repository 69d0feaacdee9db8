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
    public void Nav_Example_IsTheImportApiShapeWithNavsCodeListValuesAndNorwegianLocalTime()
    {
        // Act
        var rendering = new NavRenderer().Render(AdId, JobAdSamples.Ad());
        var json = JsonNode.Parse(rendering.Content)!;

        // Assert
        Assert.True(rendering.IsValid, string.Join("; ", rendering.Problems));
        Assert.Equal("application/json", rendering.ContentType);
        Assert.Equal(AdId, json["reference"]!.GetValue<string>());
        Assert.Equal(2, json["positions"]!.GetValue<int>());
        // 08:00 UTC is 09:00 in Oslo in December (CET); NAV reads a local date-time without offset.
        Assert.Equal("2026-12-01T09:00:00", json["published"]!.GetValue<string>());
        Assert.Equal("942110464", json["employer"]!["orgnr"]!.GetValue<string>());
        Assert.Equal("Trondheim kommune, Helse og velferd", json["employer"]!["businessName"]!.GetValue<string>());
        Assert.Equal("Trondheim", json["locationList"]![0]!["municipal"]!.GetValue<string>());
        var category = json["categoryList"]![0]!;
        Assert.Equal(("5321", "STYRK08", "Helsefagarbeider"), (category["code"]!.GetValue<string>(), category["categoryType"]!.GetValue<string>(), category["name"]!.GetValue<string>()));
        Assert.Equal("NORGE", json["locationList"]![0]!["country"]!.GetValue<string>());
        Assert.Equal("kari.nordmann@example.com", json["contactList"]![0]!["email"]!.GetValue<string>());
        var properties = json["properties"]!;
        Assert.Equal("Fast", properties["engagementtype"]!.GetValue<string>());
        Assert.Equal("Heltid", properties["extent"]!.GetValue<string>());
        Assert.Equal("Offentlig", properties["sector"]!.GetValue<string>());
        Assert.Equal("15.12.2026", properties["applicationdue"]!.GetValue<string>());
        Assert.Equal("Hybridkontor", properties["remote"]!.GetValue<string>());
        Assert.Equal("https://candidate.example.com/apply/2026-118734", properties["applicationurl"]!.GetValue<string>());
    }

    [Fact]
    public void Nav_EmployerWithADanishCvr_GoesByNameAndLocation_WithoutOrgnr()
    {
        // Act: NAV needs no organisation number when businessName and location are given (docs/index.md, Employer).
        var rendering = new NavRenderer().Render(AdId, JobAdSamples.Ad(j => j["employer"]!["orgnr"] = "12345678"));
        var employer = JsonNode.Parse(rendering.Content)!["employer"]!.AsObject();

        // Assert
        Assert.True(rendering.IsValid, string.Join("; ", rendering.Problems));
        Assert.False(employer.ContainsKey("orgnr"));
        Assert.NotNull(employer["location"]);
    }

    [Fact]
    public void Nav_OccupationWithoutStyrk08_IsNoProblem()
    {
        // Act: NAV classifies occupations itself (JANZZ); a STYRK code only becomes keywords there.
        var rendering = new NavRenderer().Render(AdId, JobAdSamples.Ad(j => j["occupation"] = new JsonObject { ["isco08"] = "0110" }));

        // Assert
        Assert.True(rendering.IsValid, string.Join("; ", rendering.Problems));
        Assert.Empty(JsonNode.Parse(rendering.Content)!["categoryList"]!.AsArray());
    }

    [Fact]
    public void Nav_NorwegianWorkplaceWithoutPostalCodeCountyOrMunicipality_IsRefusedAsNavWould()
    {
        // Act
        var rendering = new NavRenderer().Render(AdId, JobAdSamples.Ad(j => j["locations"] = new JsonArray(new JsonObject { ["city"] = "Tiller", ["country"] = "NO" })));

        // Assert
        Assert.Contains(rendering.Problems, p => p.StartsWith("locations[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Nav_WorkplaceAbroadWithoutPostalCode_IsAccepted()
    {
        // Act
        var rendering = new NavRenderer().Render(AdId, JobAdSamples.Ad(j => j["locations"] = new JsonArray(new JsonObject { ["city"] = "Stockholm", ["country"] = "SE" })));

        // Assert
        Assert.True(rendering.IsValid, string.Join("; ", rendering.Problems));
    }

    [Theory]
    [InlineData("permanent", "Fast")]
    [InlineData("temporary", "Engasjement")]
    [InlineData("seasonal", "Sesong")]
    [InlineData("trainee", "Trainee")]
    [InlineData("apprentice", "Lærling")]
    [InlineData("freelance", "Frilanser")]
    [InlineData("other", "Annet")]
    public void Nav_EngagementType_IsAValueOfNavsCodeList(string hub, string nav)
    {
        // Act
        var rendering = new NavRenderer().Render(AdId, JobAdSamples.Ad(j => j["engagementType"] = hub));

        // Assert
        Assert.Equal(nav, JsonNode.Parse(rendering.Content)!["properties"]!["engagementtype"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2026-07-01T10:00:00Z", "2026-07-01T12:00:00")] // summer: CEST, UTC+2
    [InlineData("2026-01-15T23:30:00Z", "2026-01-16T00:30:00")] // winter: CET, the local date is the next day
    public void Nav_Times_AreNorwegianLocalTimeWithoutOffset(string utc, string oslo)
    {
        // Act
        var local = NavRenderer.LocalDateTime(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        // Assert
        Assert.Equal(oslo, local);
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
    public void Jobnet_PublicationLongerThan8Weeks_IsRejected()
    {
        // Act
        var rendering = new JobnetRenderer().Render(AdId, JobAdSamples.ForAllBoards(j => j["expires"] = "2027-01-26T08:00:01Z"));

        // Assert
        Assert.Contains(rendering.Problems, p => p.Contains("8 weeks", StringComparison.Ordinal));
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
        Assert.Equal("JOB", root.Element("AdType")!.Value);
        Assert.Equal("Helsefagarbeider", root.Element("Occupation")!.Element("Specialization")!.Value);
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
    public void Finn_PartTimeAd_IsFinnsPartTimeAdType()
    {
        // Act
        var rendering = new FinnRenderer().Render(AdId, JobAdSamples.Ad(j => j["extent"] = "parttime"));

        // Assert
        Assert.Equal("JOB_PARTTIME", XDocument.Parse(rendering.Content).Root!.Element("AdType")!.Value);
    }

    [Fact]
    public void Finn_OccupationWithNoLabelNorJobTitle_IsRejected()
    {
        // Act
        var rendering = new FinnRenderer().Render(AdId, JobAdSamples.Ad(j =>
        {
            j["occupation"] = new JsonObject { ["isco08"] = "0110" };
            j.Remove("jobTitle");
        }));

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
