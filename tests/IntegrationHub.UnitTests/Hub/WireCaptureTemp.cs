// TEMPORARY: the functions' former anonymous answers (copied from 3a66b1a), serialized as the hosts did, against the records. Deleted after one run.
using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Hub;

public sealed class WireCaptureTemp
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly DateTimeOffset T = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Search_OldEqualsNew()
    {
        var hits = new[]
        {
            new CvSearchHit("nav", "citizen-1", "cv-1", "anonymous", new DateTimeOffset(2026, 11, 4, 0, 30, 0, TimeSpan.FromHours(1)), ["isco08:7212"], ["4601"], ["nb"], ["sveising på båt"]),
            new CvSearchHit("nav", "citizen-2", "cv-2", "open", new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), [], [], [], []),
        };
        foreach (var next in new[] { null, "tok+/=" })
        {
            var page = new CvSearchPage(hits, next);
            object old = new
            {
                items = page.Hits.Select(h => new
                {
                    cvId = h.CvId,
                    presentation = h.Presentation,
                    lastActivity = h.LastActivity.UtcDateTime.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    occupations = h.Occupations,
                    municipalities = h.Municipalities,
                    languages = h.Languages,
                    skills = h.Skills,
                }),
                next = page.Continuation is { } position ? position : null,
            };
            var oldJson = JsonSerializer.Serialize(old, Web);
            Console.WriteLine("CAPTURE search " + oldJson);
            Assert.Equal(oldJson, JsonSerializer.Serialize(new CvSearchResults([.. page.Hits.Select(CvSearchResult.From)], next), AccessJson.Answers.CvSearchResults));
        }
    }

    [Fact]
    public void AccessLog_OldEqualsNew()
    {
        var from = T.AddMonths(-30);
        var entries = new[]
        {
            new AccessLogEntry(from.AddDays(1).AddTicks(1234567), "client-a", "employer:acme", "oid-1", "nav", "cv-1", AccessKinds.SearchHit, ["occupations", "skills"], "req-1"),
            new AccessLogEntry(from.AddDays(2), "board-client", "board:eures", null, "nav", "cv-1", AccessKinds.FeedDetail, [], "req-2"),
        };
        foreach (var (to, windowEnd) in new[] { (T, from.AddMonths(24)), (from.AddMonths(3), from.AddMonths(3)) })
        {
            var cvId = "cv-1";
            object old = new
            {
                cvId,
                from,
                to = windowEnd,
                next = windowEnd < to ? windowEnd : (DateTimeOffset?)null,
                entries = entries.Select(e => new { at = e.At, party = e.Party, clientId = e.ClientId, userObjectId = e.UserObjectId, kind = e.Kind, fields = e.Fields }),
            };
            var oldJson = JsonSerializer.Serialize(old, Web);
            Console.WriteLine("CAPTURE log " + oldJson);
            var page = new CvAccessLogPage(cvId, from, windowEnd, windowEnd < to ? windowEnd : null, [.. entries.Select(CvAccessLogLine.From)]);
            Assert.Equal(oldJson, JsonSerializer.Serialize(page, AccessJson.Answers.CvAccessLogPage));
        }
    }

    [Fact]
    public void Visibility_OldEqualsNew()
    {
        var facts = new CitizenFacts { SearchDuty = true, LastCitizenActivityAt = T.AddDays(-2), CvPresent = true, Publication = "åpen" };
        var before = new CitizenFacts { CvPresent = false };
        var decision = new VisibilityDecision { Audience = Audience.Employers, Presentation = Presentation.Anonymous, Searchable = true, Reasons = ["visible"], LegalBasis = LegalBasis.PublicTask };
        var hidden = new VisibilityDecision { Audience = Audience.CaseworkersWithClearance, Presentation = Presentation.Open, Searchable = false, Reasons = ["no-cv"] };
        foreach (var boards in new BoardSharing?[] { null, new BoardSharing(true, ["skills"]), BoardSharing.None })
        {
            var state = new VisibilityState { Registry = "jobnet", CitizenId = "citizen-1", Decision = decision, Facts = facts, DecidedAt = T, Boards = boards };
            var history = new[] { new VisibilityInterval(T.AddDays(-1), null, hidden, before), new VisibilityInterval(T, "cv-1", decision, facts) };
            var cvId = "cv-1";
            object old = new
            {
                cvId,
                audience = state.Decision.Audience.ToString(),
                presentation = state.Decision.Presentation.ToString(),
                searchable = state.Decision.Searchable,
                reasons = state.Decision.Reasons,
                legalBasis = new
                {
                    employers = Basis(state.Decision.LegalBasis),
                    boards = Basis(state.Boards?.Shared == true ? LegalBasis.Consent : LegalBasis.None),
                },
                decidedAt = state.DecidedAt,
                facts = state.Facts,
                history = history.Select((h, i) => new
                {
                    from = h.From,
                    to = i + 1 < history.Length ? history[i + 1].From : (DateTimeOffset?)null,
                    cvId = h.CvId,
                    audience = h.Decision.Audience.ToString(),
                    presentation = h.Decision.Presentation.ToString(),
                    searchable = h.Decision.Searchable,
                    reasons = h.Decision.Reasons,
                    legalBasis = new { employers = Basis(h.Decision.LegalBasis) },
                    facts = h.Facts,
                }),
            };
            var oldJson = JsonSerializer.Serialize(old, Web);
            Console.WriteLine("CAPTURE visibility " + oldJson);
            Assert.Equal(oldJson, JsonSerializer.Serialize(CvVisibilityView.From(cvId, new CvVisibilityExplanation(state, history)), VisibilityJson.Answers.CvVisibilityView));
        }
    }

    [Fact]
    public void ConsentResults_OldEqualsNew()
    {
        var results = new[]
        {
            new CitizenEventResult(0, "e-1", CitizenEventStatus.Applied, []),
            new CitizenEventResult(1, null, CitizenEventStatus.Rejected, [new FieldError("/time", "not-in-future", "must not be more than 300 s ahead of the hub's clock <&>")]),
            new CitizenEventResult(2, "e-3", CitizenEventStatus.Duplicate, []),
        };
        object old = new Dictionary<string, object> { ["results"] = Describe(results) };
        var oldJson = JsonSerializer.Serialize(old, Web);
        Console.WriteLine("CAPTURE consent " + oldJson);
        Assert.Equal(oldJson, JsonSerializer.Serialize(CitizenEventResults.From(results), VisibilityJson.Answers.CitizenEventResults));
        // The problem's extension: the records serialized by the host's reflection options, as the problem body holds them.
        Assert.Equal(JsonSerializer.Serialize((object)Describe(results), Web), JsonSerializer.Serialize((object)CitizenEventResults.From(results).Results, Web));
    }

    private static List<Dictionary<string, object?>> Describe(IReadOnlyList<CitizenEventResult> results) =>
        [.. results.Select(r => new Dictionary<string, object?>
        {
            ["index"] = r.Index,
            ["id"] = r.Id,
            ["status"] = r.Status,
            ["errors"] = r.Errors.Count == 0 ? null : r.Errors.Select(e => new Dictionary<string, string> { ["field"] = e.Field, ["rule"] = e.Rule, ["message"] = e.Message }).ToList(),
        })];

    private static string Basis(LegalBasis basis) => basis switch
    {
        LegalBasis.Consent => "consent",
        LegalBasis.PublicTask => "public-task",
        _ => "none",
    };
}
