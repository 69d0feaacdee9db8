using System.Text.Json;
using CsCheck;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Visibility;

public sealed class CitizenEventParserTests
{
    private static JsonObject Consent() => JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-event-consent-granted.json")))!.AsObject();

    private static (CitizenEvent? Event, IReadOnlyList<IntegrationHub.Core.Kernel.FieldError> Errors) Parse(JsonNode node)
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
        Assert.Equal(("nav", "nav-person:4b9e2f70-1c3d-4a85-b6e9-0d7a3f5c8e21"), (parsed.Registry, parsed.CitizenId));
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

    private static readonly DateTimeOffset Received = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static CitizenEventContext Context(string jurisdiction, DateTimeOffset? now = null, int skewSeconds = 300) =>
        CitizenEventContext.For(Core.Visibility.VisibilityPolicies.For(jurisdiction), now ?? Received, TimeSpan.FromSeconds(skewSeconds));

    private static (CitizenEvent? Event, IReadOnlyList<IntegrationHub.Core.Kernel.FieldError> Errors) Parse(JsonNode node, CitizenEventContext context, string registry = "nav")
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return CitizenEventParser.Parse(document.RootElement, registry, context);
    }

    private static JsonObject At(JsonObject node, DateTimeOffset time)
    {
        node["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return node;
    }

    [Theory]
    [InlineData(CitizenEventTypes.SearchDutyStarted, true)]
    [InlineData(CitizenEventTypes.SearchDutyEnded, false)]
    public void Parse_SearchDutyEvent_StatesTheDanishDuty(string type, bool duty)
    {
        var node = Consent();
        node["type"] = type;
        node.Remove("data");

        var (parsed, errors) = Parse(node, Context("DK"), "jobnet");

        Assert.Empty(errors);
        Assert.Equal(new FactValue(duty), Assert.Single(parsed!.Facts).Value);
        Assert.Equal(CitizenFact.SearchDuty, parsed.Facts.Keys.Single());
    }

    [Fact]
    public void Parse_DanishExamples_AreValidForADanishRegistry()
    {
        var batch = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-events-dk.json")))!.AsArray();

        foreach (var node in batch)
        {
            var (parsed, errors) = Parse(node!, Context("DK"), "jobnet");
            Assert.Empty(errors);
            Assert.NotNull(parsed);
        }
    }

    [Theory]
    [InlineData("DK")]
    [InlineData("NL")]
    public void Parse_SnapshotWithoutNorwegianFactsOutsideNorway_IsAccepted(string jurisdiction)
    {
        // A jurisdiction needs only the facts its own rules read; a snapshot leaves out what does not apply.
        var node = Consent();
        node["type"] = CitizenEventTypes.StatusSnapshot;
        node["data"] = new JsonObject { ["consentToEmployers"] = false, ["protectedAddress"] = false, ["searchDuty"] = true };

        var (parsed, errors) = Parse(node, Context(jurisdiction), "jobnet");

        Assert.Empty(errors);
        Assert.DoesNotContain(CitizenFact.WorkOrientedBenefit, parsed!.Facts.Keys);
        Assert.Equal(new FactValue(true), parsed.Facts[CitizenFact.SearchDuty]);
    }

    [Fact]
    public void Parse_DanishSnapshotWithoutSearchDuty_NamesIt()
    {
        var node = Consent();
        node["type"] = CitizenEventTypes.StatusSnapshot;
        node["data"] = new JsonObject { ["consentToEmployers"] = true, ["protectedAddress"] = false };

        var (parsed, errors) = Parse(node, Context("DK"), "jobnet");

        Assert.Null(parsed);
        Assert.Equal(("/data/searchDuty", "required"), (errors.Single().Field, errors.Single().Rule));
    }

    [Fact]
    public void Parse_NorwegianSnapshotWithoutNorwegianFacts_NamesEach()
    {
        var node = Consent();
        node["type"] = CitizenEventTypes.StatusSnapshot;
        node["data"] = new JsonObject { ["consentToEmployers"] = true, ["protectedAddress"] = false, ["searchDuty"] = "no" };

        var (_, errors) = Parse(node, Context("NO"));

        Assert.Equal(["/data/agreedToShowDespiteReducedCapacity", "/data/jobReady", "/data/reducedWorkCapacityBenefit", "/data/searchDuty", "/data/workOrientedBenefit"],
            errors.Select(e => e.Field).Order());
        Assert.Equal("type", errors.Single(e => e.Field == "/data/searchDuty").Rule);
    }

    [Fact]
    public void Parse_GrantDated2999_RejectedAtTimeAndNotParsed()
    {
        var node = Consent();
        node["time"] = "2999-01-01T00:00:00Z";

        var (parsed, errors) = Parse(node, Context("NO"));

        Assert.Null(parsed);
        var error = Assert.Single(errors);
        Assert.Equal(("/time", "not-in-future"), (error.Field, error.Rule));
        Assert.DoesNotContain("2999", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(299, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void Parse_TimeAheadOfTheClock_AcceptedOnlyWithinTheSkew(int secondsAhead, bool accepted)
    {
        var (parsed, errors) = Parse(At(Consent(), Received.AddSeconds(secondsAhead)), Context("NO"));

        Assert.Equal(accepted, parsed is not null);
        Assert.Equal(accepted, errors.Count == 0);
    }

    [Fact]
    public void Parse_TimeAheadWithinTheSkew_IsTakenAsTheTimeOfReceipt()
    {
        var (parsed, _) = Parse(At(Consent(), Received.AddMinutes(4)), Context("NO"));

        Assert.Equal(Received, parsed!.Time);
    }

    [Fact]
    public void Parse_ZeroSkew_RefusesAnyTimeAhead()
    {
        var (_, errors) = Parse(At(Consent(), Received.AddSeconds(1)), Context("NO", skewSeconds: 0));

        Assert.Equal("/time", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("grantedAt", "/data/grantedAt")]
    [InlineData("lastCitizenActivityAt", "/data/lastCitizenActivityAt")]
    public void Parse_TimeInsideDataInTheFuture_RejectedNamingTheField(string name, string field)
    {
        var node = Consent();
        node["data"]![name] = "2999-06-01T00:00:00+02:00";

        var (parsed, errors) = Parse(node, Context("NO"));

        Assert.Null(parsed);
        Assert.Equal((field, "not-in-future"), (Assert.Single(errors).Field, errors[0].Rule));
    }

    [Fact]
    public void Parse_PastTimeInsideData_Accepted()
    {
        var node = Consent();
        node["data"]!["grantedAt"] = "2026-11-20T08:15:00Z";

        Assert.Empty(Parse(node, Context("NO")).Errors);
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
        // Streams of up to 24 events about few facts at few times (so ties and overrides are common), each folded in
        // generated order and in a shuffled one (CsCheck: a failure prints its seed, shrunk to a small stream).
        var facts = Enum.GetValues<CitizenFact>();
        var streams =
            from drawn in Gen.Select(Gen.Int[0, 7], Gen.OneOf(facts), Gen.Bool).List[1, 24]
            let events = drawn.Select((e, i) => Event($"e{i:D3}", e.Item1, e.Item2, e.Item3)).ToList()
            from shuffled in Gen.Shuffle(events.ToList())
            select (events, shuffled);

        streams.Sample((events, shuffled) =>
            Assert.Equal(FactLedger.Fold(events).Facts.OrderBy(f => f.Key), FactLedger.Fold(shuffled).Facts.OrderBy(f => f.Key)),
            iter: 3000, threads: 1);
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

    [Fact]
    public void Fold_WithdrawalAndGrantAtTheSameTime_WithdrawalWinsInAnyOrder()
    {
        var grant = Event("z", 5, CitizenFact.ConsentToEmployers, true);
        var withdrawal = Event("a", 5, CitizenFact.ConsentToEmployers, false);

        Assert.False(FactLedger.Fold([grant, withdrawal]).Flag(CitizenFact.ConsentToEmployers));
        Assert.False(FactLedger.Fold([withdrawal, grant]).Flag(CitizenFact.ConsentToEmployers));
    }

    [Fact]
    public void Fold_GrantDatedAheadThenAWithdrawal_WithdrawalWins()
    {
        // A grant stamped 4 minutes ahead by a skewed clock arrives first; the citizen withdraws a minute later. By the
        // stamps the grant would win; the hub takes a time ahead of it as the time of receipt, so the withdrawal wins.
        var received = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        var context = CitizenEventContext.For(Core.Visibility.VisibilityPolicies.For("NO"), received, TimeSpan.FromMinutes(5));
        var grant = ParseEvent("grant", received.AddMinutes(4), "consent.granted", context);
        var withdrawal = ParseEvent("withdrawal", received.AddMinutes(1), "consent.withdrawn", context with { Now = received.AddMinutes(1) });

        Assert.False(FactLedger.Fold([grant, withdrawal]).Flag(CitizenFact.ConsentToEmployers));
        Assert.False(FactLedger.Fold([withdrawal, grant]).Flag(CitizenFact.ConsentToEmployers));
    }

    private static CitizenEvent ParseEvent(string id, DateTimeOffset time, string type, CitizenEventContext context)
    {
        var node = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = "urn:test",
            ["type"] = CitizenEventTypes.Prefix + type,
            ["subject"] = "c1",
            ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = new JsonObject { ["purpose"] = "employers" },
        };
        using var document = JsonDocument.Parse(node.ToJsonString());
        var (parsed, errors) = CitizenEventParser.Parse(document.RootElement, "nav", context);
        Assert.Empty(errors);
        return parsed!;
    }
}
