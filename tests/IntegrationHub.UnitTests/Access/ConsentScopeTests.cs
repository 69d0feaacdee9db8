using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Json.Schema;

namespace IntegrationHub.UnitTests.Access;

/// <summary>Consent scope: the section names, what a consent's sections leave of the employer view and of a search hit.</summary>
public sealed class ConsentScopeTests
{
    private static JsonObject Consent() =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-event-consent-granted.json")))!.AsObject();

    private static (CitizenEvent? Event, IReadOnlyList<FieldError> Errors) Parse(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return CitizenEventParser.Parse(document.RootElement, "nav");
    }

    private static CitizenEvent Event(string id, int minute, string type, params (CitizenFact Fact, bool Value)[] facts) => new()
    {
        Id = id,
        Registry = "nav",
        CitizenId = "cit-1",
        Type = type,
        Source = "urn:test",
        Time = new DateTimeOffset(2026, 11, 20, 9, minute, 0, TimeSpan.Zero),
        Facts = facts.ToDictionary(f => f.Fact, f => new FactValue(f.Value)),
    };

    [Fact]
    public void CvSections_AreTheCvSchemasTopLevelSections_LessIdsVersionPublicationSpecialNeedsAndActivity()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "schemas", "cv.schema.json")));
        string[] notSections = ["externalId", "citizenId", "version", "language", "publication", "specialNeeds", "lastCitizenActivityAt"];

        var sections = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Except(notSections);

        Assert.Equal(sections.Order(StringComparer.Ordinal), CvSections.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Schema_SectionEnum_IsExactlyCvSections()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "schemas", "citizen-event.schema.json")));

        var listed = schema.RootElement.GetProperty("properties").GetProperty("data").GetProperty("properties").GetProperty("sections")
            .GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        Assert.Equal(CvSections.All.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("workHistory", "/data/sections/1", "enum")]
    [InlineData("specialNeeds", "/data/sections/1", "enum")]
    [InlineData(null, "/data/sections", "items")]
    public void Parse_UnknownOrNoSection_NamesTheFieldAndRule_AndTheSchemaAgrees(string? second, string field, string rule)
    {
        var node = Consent();
        node["data"]!["sections"] = second is null ? new JsonArray() : new JsonArray("workExperience", second);
        var schema = JsonSchema.FromText(File.ReadAllText(RepoPaths.Combine("contracts", "schemas", "citizen-event.schema.json")),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() });

        var (parsed, errors) = Parse(node);
        using var document = JsonDocument.Parse(node.ToJsonString());

        Assert.Null(parsed);
        var error = Assert.Single(errors);
        Assert.Equal((field, rule), (error.Field, error.Rule));
        Assert.False(schema.Evaluate(document.RootElement).IsValid);
    }

    [Fact]
    public void ForEmployers_AStatusSnapshotAfterAScopedGrant_KeepsTheScope_AndAGrantWithoutSectionsWidensIt()
    {
        var scoped = Event("a", 1, CitizenEventTypes.ConsentGranted, (CitizenFact.ConsentToEmployers, true), (CitizenFact.ConsentToEmployersScope, true))
            with { Sections = ["workExperience"] };
        var snapshot = Event("b", 2, CitizenEventTypes.StatusSnapshot, (CitizenFact.ConsentToEmployers, true), (CitizenFact.ProtectedAddress, false));
        var whole = Event("c", 3, CitizenEventTypes.ConsentGranted, (CitizenFact.ConsentToEmployers, true), (CitizenFact.ConsentToEmployersScope, true));

        Assert.Equal(["workExperience"], ConsentScope.ForEmployers(FactLedger.Fold([snapshot, scoped]))!);
        Assert.Null(ConsentScope.ForEmployers(FactLedger.Fold([scoped, snapshot, whole])));
        Assert.Null(ConsentScope.ForEmployers(FactLedger.Fold([snapshot])));
    }

    [Fact]
    public void Parse_ConsentGrantedToEmployers_StatesTheScope_ButAWithdrawalOrABoardsGrantDoesNot()
    {
        var granted = Parse(Consent()).Event!;
        var withdrawn = Consent();
        withdrawn["type"] = CitizenEventTypes.ConsentWithdrawn;
        var boards = Consent();
        boards["data"]!["purpose"] = "boards";

        Assert.True(granted.Facts.ContainsKey(CitizenFact.ConsentToEmployersScope));
        Assert.False(Parse(withdrawn).Event!.Facts.ContainsKey(CitizenFact.ConsentToEmployersScope));
        Assert.False(Parse(boards).Event!.Facts.ContainsKey(CitizenFact.ConsentToEmployersScope));
    }

    [Fact]
    public void Within_AScopeWithoutJobsSoughtLanguagesOrSkills_LeavesTheHitOnlyItsIdPresentationAndActivity()
    {
        var hit = new CvSearchHit("nav", "cit-1", "cv-1", "open", DateTimeOffset.UnixEpoch, ["isco08:5321"], ["0301"], ["nb"], ["excel"]);

        var scoped = SearchHitScope.Within(hit, ["workExperience"]);
        var skillsOnly = SearchHitScope.Within(hit, ["itSkills"]);

        Assert.Equal((0, 0, 0, 0), (scoped.Occupations.Count, scoped.Municipalities.Count, scoped.Languages.Count, scoped.Skills.Count));
        Assert.Equal(["lastActivity"], SearchHitScope.Fields(scoped));
        Assert.Equal(["excel"], skillsOnly.Skills);
        Assert.Equal(["skills", "lastActivity"], SearchHitScope.Fields(skillsOnly));
        Assert.Same(hit, SearchHitScope.Within(hit, null));
    }

    [Fact]
    public void Project_WithTheEmployerScope_ServesOnlyThoseSections_AndPersonalDetailsOnlyWhenNamed()
    {
        using var cv = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "cv.json")));

        var work = EmployerProjection.Project("cv-1", cv.RootElement, Presentation.Open, ["workExperience"]);
        var withDetails = EmployerProjection.Project("cv-1", cv.RootElement, Presentation.Open, ["personalDetails", "workExperience"]);

        Assert.Equal(["language", "workExperience"], work.Fields);
        Assert.Equal(["cvId", "presentation", "language", "workExperience"], work.Document.Select(p => p.Key));
        Assert.NotNull(withDetails.Document["personalDetails"]);
    }
}
