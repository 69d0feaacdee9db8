using System.Text.Json;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Visibility;

/// <summary>
/// The visibility answer and the consent-event results keep the bytes they had as anonymous objects (ADR 0038, update):
/// each expected text was captured from the functions' former <c>new { ... }</c> answers, as the hosts serialized them
/// (ASP.NET Core's Web defaults: camelCase, nulls written, non-ASCII and apostrophes escaped). The facts keep their
/// unknowns as null, unlike the stored state, which leaves them out.
/// </summary>
public sealed class VisibilityAnswerJsonTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CvVisibilityView_SerializedAsAnswered_KeepsTheAnonymousObjectsBytes()
    {
        // Arrange: a Danish search duty (public task) with boards shared, after a period without the CV.
        var facts = new CitizenFacts { SearchDuty = true, LastCitizenActivityAt = T.AddDays(-2), CvPresent = true };
        var before = new CitizenFacts { CvPresent = false };
        var decision = new VisibilityDecision { Audience = Audience.Employers, Presentation = Presentation.Anonymous, Searchable = true, Reasons = ["visible"], LegalBasis = LegalBasis.PublicTask };
        var hidden = new VisibilityDecision { Audience = Audience.Nobody, Presentation = Presentation.Anonymous, Searchable = false, Reasons = ["no-cv"] };
        var state = new VisibilityState
        {
            Registry = "jobnet",
            CitizenId = "citizen-1",
            Decision = decision,
            Facts = facts,
            DecidedAt = T,
            Boards = new BoardSharing(true, ["skills"]),
        };
        var history = new[] { new VisibilityInterval(T.AddDays(-1), null, hidden, before), new VisibilityInterval(T, "cv-1", decision, facts) };

        // Act
        var json = JsonSerializer.Serialize(CvVisibilityView.From("cv-1", new CvVisibilityExplanation(state, history)), VisibilityJson.Answers.CvVisibilityView);

        // Assert
        const string Facts = """{"consentToEmployers":null,"workOrientedBenefit":null,"reducedWorkCapacityBenefit":null,"agreedToShowDespiteReducedCapacity":null,"jobReady":null,"searchDuty":true,"protectedAddress":null,"publication":null,"lastCitizenActivityAt":"2026-10-30T08:00:00+00:00","cvPresent":true}""";
        const string Before = """{"consentToEmployers":null,"workOrientedBenefit":null,"reducedWorkCapacityBenefit":null,"agreedToShowDespiteReducedCapacity":null,"jobReady":null,"searchDuty":null,"protectedAddress":null,"publication":null,"lastCitizenActivityAt":null,"cvPresent":false}""";
        Assert.Equal(
            """{"cvId":"cv-1","audience":"Employers","presentation":"Anonymous","searchable":true,"reasons":["visible"],"legalBasis":{"employers":"public-task","boards":"consent"},"decidedAt":"2026-11-01T08:00:00+00:00","facts":"""
            + Facts
            + ""","history":[{"from":"2026-10-31T08:00:00+00:00","to":"2026-11-01T08:00:00+00:00","cvId":null,"audience":"Nobody","presentation":"Anonymous","searchable":false,"reasons":["no-cv"],"legalBasis":{"employers":"none"},"facts":"""
            + Before
            + """},{"from":"2026-11-01T08:00:00+00:00","to":null,"cvId":"cv-1","audience":"Employers","presentation":"Anonymous","searchable":true,"reasons":["visible"],"legalBasis":{"employers":"public-task"},"facts":"""
            + Facts
            + "}]}",
            json);
    }

    [Fact]
    public void CitizenEventResults_SerializedAsAnswered_KeepsTheAnonymousObjectsBytes()
    {
        // Arrange: one event applied, one rejected without an id (errors null when there are none, as before).
        var results = new[]
        {
            new CitizenEventResult(0, "e-1", CitizenEventStatus.Applied, []),
            new CitizenEventResult(1, null, CitizenEventStatus.Rejected, [new FieldError("/time", "not-in-future", "must not be more than 300 s ahead of the hub's clock")]),
        };

        // Act
        var json = JsonSerializer.Serialize(CitizenEventResults.From(results), VisibilityJson.Answers.CitizenEventResults);

        // Assert
        Assert.Equal(
            """{"results":[{"index":0,"id":"e-1","status":"applied","errors":null},{"index":1,"id":null,"status":"rejected","errors":[{"field":"/time","rule":"not-in-future","message":"must not be more than 300 s ahead of the hub\u0027s clock"}]}]}""",
            json);
    }
}
