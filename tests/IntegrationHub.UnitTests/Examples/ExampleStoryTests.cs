using System.Text.Json.Nodes;

namespace IntegrationHub.UnitTests.Examples;

/// <summary>
/// The examples in contracts/examples/ tell one story, so a newcomer can post them in turn and see the hub work: NAV's
/// citizen of cv.json is the subject of every Norwegian event, the letter and the campaign's registry; the Danish events
/// are about the Danish CV; the ad seeks the occupation the CV seeks, where the CV seeks it.
/// </summary>
public sealed class ExampleStoryTests
{
    private static JsonNode Example(string file) => JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", file)))!;

    private static IEnumerable<JsonObject> Events(string file) =>
        Example(file) is JsonArray batch ? batch.Select(e => e!.AsObject()) : [Example(file).AsObject()];

    private static string Text(JsonNode node, string property) => node[property]!.GetValue<string>();

    [Theory]
    [InlineData("cv.json", "citizen-event-consent-granted.json")]
    [InlineData("cv.json", "citizen-event-status-snapshot.json")]
    [InlineData("cv.json", "citizen-event-consent-withdrawn.json")]
    [InlineData("cv.json", "citizen-events-batch.json")]
    [InlineData("cv-anonymous-dk.json", "citizen-events-dk.json")]
    public void EventExamples_AreAboutTheirRegistrysCvExample(string cv, string events)
    {
        var citizen = Text(Example(cv), "citizenId");

        Assert.All(Events(events), e => Assert.Equal(citizen, Text(e, "subject")));
    }

    [Fact]
    public void EveryEventExample_IsPartOfTheStory()
    {
        var covered = typeof(ExampleStoryTests).GetMethod(nameof(EventExamples_AreAboutTheirRegistrysCvExample))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[1]);
        var files = Directory.GetFiles(RepoPaths.Combine("contracts", "examples"), "citizen-event*.json").Select(Path.GetFileName);

        Assert.Equal(files.Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void QuickStartEvents_MakeTheCvVisibleThenWithdrawConsent_InTimeOrder()
    {
        var snapshot = Example("citizen-event-status-snapshot.json");
        var withdrawal = Example("citizen-event-consent-withdrawn.json");

        Assert.True(snapshot["data"]!["consentToEmployers"]!.GetValue<bool>());
        Assert.Equal("employers", withdrawal["data"]!["purpose"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(Text(snapshot, "time"), System.Globalization.CultureInfo.InvariantCulture)
            < DateTimeOffset.Parse(Text(withdrawal, "time"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void BreachExamples_AreAboutTheNorwegianCitizen_AndTheBenefitInTheirBatch()
    {
        var cv = Example("cv.json");
        var campaign = Example("breach-campaign.json");
        var letter = Example("breach-delivery-request.json");
        var benefitStarted = Events("citizen-events-batch.json").Single(e => Text(e, "type").EndsWith(".benefit.work-oriented.started", StringComparison.Ordinal));
        var settings = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("local.settings.example.json")))!["Values"]!;
        var registry = Text(campaign["selector"]!, "registry");

        Assert.Equal("NO", Text(cv["personalDetails"]!["address"]!, "country"));
        Assert.Equal("NO", settings[$"Hub__Registries__{registry}__Jurisdiction"]!.GetValue<string>());
        Assert.Equal("work-oriented-benefit", Text(campaign["selector"]!, "fact"));
        var started = DateTimeOffset.Parse(Text(benefitStarted, "time"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(started,
            DateTimeOffset.Parse(Text(campaign["window"]!, "from"), System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(Text(campaign["window"]!, "to"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Text(cv, "citizenId"), Text(letter, "citizenId"));
        Assert.Equal(Text(letter, "campaignId") + ":" + Text(cv, "citizenId"), Text(letter, "idempotencyKey"));
        Assert.Equal(Text(cv, "language"), Text(letter, "language"));
    }

    [Fact]
    public void JobAdExample_SeeksWhatTheCvExampleSeeks_WhereItSeeksIt()
    {
        var cv = Example("cv.json");
        var ad = Example("jobad.json");
        var sought = cv["jobsSought"]!.AsArray();

        Assert.Contains(sought, j => j!["occupation"]!["isco08"]?.GetValue<string>() == Text(ad["occupation"]!, "isco08"));
        var municipalities = sought.SelectMany(j => j!["places"]!.AsArray()).Select(p => p!["municipality"]?.GetValue<string>()).OfType<string>();
        Assert.Contains(Text(ad["locations"]![0]!, "municipality"), municipalities);
    }
}
