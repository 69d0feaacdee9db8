using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Visibility;

public sealed class CitizenEventParserTests
{
    private static JsonObject Consent() => JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-event-consent-granted.json")))!.AsObject();

    private static (CitizenEvent? Event, IReadOnlyList<Core.Cvs.FieldError> Errors) Parse(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return CitizenEventParser.Parse(document.RootElement, "nav");
    }

    [Fact]
    public void Parse_EveryExample_IsValid()
    {
        var single = Consent();
        var batch = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-events-batch.json")))!.AsArray();

        foreach (var node in batch.Prepend(single))
        {
            var (parsed, errors) = Parse(node!);
            Assert.Empty(errors);
            Assert.NotNull(parsed);
        }
    }

    [Fact]
    public void Parse_ConsentGranted_StatesConsentToEmployersAtTheEventsTimeInUtc()
    {
        var (parsed, _) = Parse(Consent());

        Assert.Equal(new FactValue(true), parsed!.Facts[CitizenFact.ConsentToEmployers]);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 15, 0, TimeSpan.Zero), parsed.Time);
        Assert.Equal(["workExperience", "education", "languages"], parsed.Sections);
        Assert.Equal(("nav", "cit-20931"), (parsed.Registry, parsed.CitizenId));
    }

    [Theory]
    [InlineData("specversion", "0.3", "/specversion", "const")]
    [InlineData("id", null, "/id", "required")]
    [InlineData("source", "", "/source", "required")]
    [InlineData("type", "org.integrationhub.citizen.unknown", "/type", "enum")]
    [InlineData("subject", null, "/subject", "required")]
    [InlineData("subject", "01010112377 and more", "/subject", "pattern")]
    [InlineData("time", "yesterday", "/time", "format")]
    [InlineData("time", "2026-11-20T09:15:00", "/time", "format")]
    [InlineData("datacontenttype", "text/xml", "/datacontenttype", "enum")]
    public void Parse_BadEnvelope_NamesTheFieldAndRule(string property, string? value, string field, string rule)
    {
        var node = Consent();
        if (value is null)
        {
            node.Remove(property);
        }
        else
        {
            node[property] = value;
        }

        var (parsed, errors) = Parse(node);

        Assert.Null(parsed);
        Assert.Contains(errors, e => e.Field == field && e.Rule == rule);
        Assert.All(errors, e => Assert.DoesNotContain("01010112377", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ConsentWithoutPurpose_IsRejectedAtDataPurpose()
    {
        var node = Consent();
        node["data"]!.AsObject().Remove("purpose");

        var (_, errors) = Parse(node);

        Assert.Contains(errors, e => e is { Field: "/data/purpose", Rule: "required" });
    }

    [Fact]
    public void Parse_SnapshotMissingAFact_NamesEveryMissingFact()
    {
        var node = Consent();
        node["type"] = CitizenEventTypes.StatusSnapshot;
        node["data"] = new JsonObject { ["consentToEmployers"] = true, ["jobReady"] = "yes" };

        var (_, errors) = Parse(node);

        Assert.Equal(["/data/agreedToShowDespiteReducedCapacity", "/data/jobReady", "/data/protectedAddress", "/data/reducedWorkCapacityBenefit", "/data/workOrientedBenefit"],
            errors.Select(e => e.Field).Order());
    }
}

public sealed class FactLedgerTests
{
    private static CitizenEvent Event(string id, int minute, CitizenFact fact, bool value) => new()
    {
        Id = id,
        Registry = "nav",
        CitizenId = "c1",
        Type = "t",
        Source = "s",
        Time = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(minute),
        Facts = new Dictionary<CitizenFact, FactValue> { [fact] = new(value) },
    };

    [Fact]
    public void Fold_LateEventWithAnOlderTime_DoesNotOverrideANewerFact()
    {
        var withdrawn = Event("b", 10, CitizenFact.ConsentToEmployers, false);
        var lateGrant = Event("a", 5, CitizenFact.ConsentToEmployers, true);

        var ledger = FactLedger.Fold([withdrawn, lateGrant]);

        Assert.False(ledger.Flag(CitizenFact.ConsentToEmployers));
    }

    [Fact]
    public void Fold_AnyArrivalOrder_ConvergesToTheSameFacts()
    {
        var random = new Random(20261127);
        var facts = Enum.GetValues<CitizenFact>();
        for (var stream = 0; stream < 300; stream++)
        {
            var events = Enumerable.Range(0, random.Next(1, 25))
                .Select(i => Event($"e{i:D3}", random.Next(0, 8), facts[random.Next(facts.Length)], random.Next(2) == 0))
                .ToList();
            var expected = FactLedger.Fold(events).Facts;

            for (var shuffle = 0; shuffle < 10; shuffle++)
            {
                var shuffled = events.OrderBy(_ => random.Next()).ToList();
                var actual = FactLedger.Fold(shuffled).Facts;
                Assert.Equal(expected.OrderBy(f => f.Key), actual.OrderBy(f => f.Key));
            }
        }
    }

    [Fact]
    public void ToCitizenFacts_UnstatedFacts_StayUnknown_AndTheLatestActivityWins()
    {
        var ledger = FactLedger.Fold([Event("a", 30, CitizenFact.Activity, true), Event("b", 1, CitizenFact.ProtectedAddress, false)]);

        var facts = ledger.ToCitizenFacts(cvPresent: true, cvPublication: "open", cvLastActivity: new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Null(facts.ConsentToEmployers);
        Assert.Null(facts.WorkOrientedBenefit);
        Assert.False(facts.ProtectedAddress);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 12, 30, 0, TimeSpan.Zero), facts.LastCitizenActivityAt);
        Assert.Equal("open", facts.Publication);
    }
}
