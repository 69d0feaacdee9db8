using System.Text.Json;
using IntegrationHub.Core.Access;

namespace IntegrationHub.UnitTests.Access;

/// <summary>
/// The employer search page and the access log keep the bytes they had as anonymous objects (ADR 0038, update): each
/// expected text was captured from the functions' former <c>new { ... }</c> answers, as the hosts serialized them
/// (ASP.NET Core's Web defaults: camelCase, nulls written, non-ASCII escaped).
/// </summary>
public sealed class AccessAnswerJsonTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CvSearchResults_SerializedAsAnswered_KeepsTheAnonymousObjectsBytes()
    {
        // Arrange: an activity just after midnight at +01:00, the day before in UTC: the UTC day is answered.
        var hits = new[]
        {
            new CvSearchHit("nav", "citizen-1", "cv-1", "anonymous", new DateTimeOffset(2026, 11, 4, 0, 30, 0, TimeSpan.FromHours(1)),
                ["isco08:7212"], ["4601"], ["nb"], ["sveising på båt"]),
            new CvSearchHit("nav", "citizen-2", "cv-2", "open", new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), [], [], [], []),
        };

        // Act
        var json = JsonSerializer.Serialize(new CvSearchResults([.. hits.Select(CvSearchResult.From)], null), AccessJson.Answers.CvSearchResults);

        // Assert: the registry and the citizen's id stay out, as before; the UTC day of the activity; next written as null.
        Assert.Equal(
            """{"items":[{"cvId":"cv-1","presentation":"anonymous","lastActivity":"2026-11-03","occupations":["isco08:7212"],"municipalities":["4601"],"languages":["nb"],"skills":["sveising p\u00E5 b\u00E5t"]},{"cvId":"cv-2","presentation":"open","lastActivity":"2026-10-01","occupations":[],"municipalities":[],"languages":[],"skills":[]}],"next":null}""",
            json);
    }

    [Fact]
    public async Task CvAccessLogPage_SerializedAsAnswered_KeepsTheAnonymousObjectsBytes()
    {
        // Arrange: a window of 30 months, so the page is cut at 24 and names the next 'from'.
        var from = T.AddMonths(-30);
        var log = new Log(
            new AccessLogEntry(from.AddDays(1).AddTicks(1234567), "client-a", "employer:acme", "oid-1", "nav", "cv-1", AccessKinds.SearchHit, ["occupations", "skills"], "req-1"),
            new AccessLogEntry(from.AddDays(2), "board-client", "board:eures", null, "nav", "cv-1", AccessKinds.FeedDetail, [], "req-2"));
        var query = new CvAccessLogQuery(new Cvs.InMemoryCvStore(), log);

        // Act
        var page = await query.ReadAsync("nav", "cv-1", from, T, CancellationToken.None);
        var json = JsonSerializer.Serialize(page!, AccessJson.Answers.CvAccessLogPage);

        // Assert: a person's id and a feed's null user, in the order and with the nulls the anonymous object wrote.
        Assert.Equal(
            """{"cvId":"cv-1","from":"2024-05-01T08:00:00+00:00","to":"2026-05-01T08:00:00+00:00","next":"2026-05-01T08:00:00+00:00","entries":[{"at":"2024-05-02T08:00:00.1234567+00:00","party":"employer:acme","clientId":"client-a","userObjectId":"oid-1","kind":"search-hit","fields":["occupations","skills"]},{"at":"2024-05-03T08:00:00+00:00","party":"board:eures","clientId":"board-client","userObjectId":null,"kind":"feed-detail","fields":[]}]}""",
            json);
    }

    [Fact]
    public async Task CvAccessLogQuery_WindowWithinTwoYears_AnswersItWholeWithoutNext()
    {
        var log = new Log(new AccessLogEntry(T.AddDays(-3), "c", "employer:acme", "oid", "nav", "cv-1", AccessKinds.View, ["skills"], "r"));
        var query = new CvAccessLogQuery(new Cvs.InMemoryCvStore(), log);

        var page = await query.ReadAsync("nav", "cv-1", T.AddDays(-90), T, CancellationToken.None);

        Assert.NotNull(page);
        Assert.Equal((T.AddDays(-90), T, (DateTimeOffset?)null), (page.From, page.To, page.Next));
        Assert.Equal(AccessKinds.View, Assert.Single(page.Entries).Kind);
    }

    [Fact]
    public async Task CvAccessLogQuery_UnknownCvWithNoReads_AnswersNull()
    {
        var query = new CvAccessLogQuery(new Cvs.InMemoryCvStore(), new Log());

        Assert.Null(await query.ReadAsync("nav", "cv-unknown", T.AddDays(-90), T, CancellationToken.None));
    }

    [Fact]
    public async Task CvAccessLogQuery_DeletedCvWithReads_StillAnswersItsLog()
    {
        // The CV is gone from the store, but its registry may still learn who saw it.
        var log = new Log(new AccessLogEntry(T.AddDays(-3), "c", "employer:acme", "oid", "nav", "cv-gone", AccessKinds.View, [], "r"));
        var query = new CvAccessLogQuery(new Cvs.InMemoryCvStore(), log);

        var page = await query.ReadAsync("nav", "cv-gone", T.AddDays(-90), T, CancellationToken.None);

        Assert.Single(page!.Entries);
    }

    private sealed class Log(params AccessLogEntry[] entries) : IAccessLog
    {
        public Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<AccessLogEntry>> ForCvAsync(string registry, string cvId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AccessLogEntry>>([.. entries.Where(e => e.Registry == registry && e.CvId == cvId && e.At >= from && e.At <= to)]);

        public IAsyncEnumerable<AccessLogEntry> ForPartyAsync(string party, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the access-log query reads one CV's entries only");
    }
}
