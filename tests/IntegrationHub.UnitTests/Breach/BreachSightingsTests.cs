using System.Runtime.CompilerServices;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Breach;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>Who read a page's CVs, as far as each selector concerns them, from an in-memory access log.</summary>
public sealed class BreachSightingsTests
{
    private static readonly DateTimeOffset From = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class Log(params AccessLogEntry[] entries) : IAccessLog
    {
        public int Queries;

        public Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<AccessLogEntry>> ForCvAsync(string registry, string cvId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Queries);
            return Task.FromResult<IReadOnlyList<AccessLogEntry>>([.. entries.Where(e => e.Registry == registry && e.CvId == cvId && e.At >= from && e.At <= to)]);
        }

        public async IAsyncEnumerable<AccessLogEntry> ForPartyAsync(string party, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }
    }

    private static AccessLogEntry Read(string party, string cvId, int day, params string[] fields) =>
        new(From.AddDays(day), "client", party, "person-oid", "nav", cvId, AccessKinds.View, fields, "req");

    private static BreachCampaign Campaign(string kind) => new()
    {
        Id = "k2v7q9x4m1c8d3f6",
        Title = "t",
        Description = "d",
        DetectedAt = From.AddDays(20),
        WindowFrom = From,
        WindowTo = From.AddDays(10),
        DataCategories = ["cv-text"],
        Selector = new BreachSelector { Kind = kind, Party = kind == BreachSelectorKinds.AccessLog ? "employer:acme" : null, Registry = "nav" },
        FallbackLanguage = "en",
        LetterLanguages = ["en"],
        ChannelPolicy = new BreachChannelPolicy { Channels = ["paper"] },
        Status = BreachStatus.Draft,
        CreatedAt = From,
        Audit = [],
    };

    private static readonly Log Reads = new(
        Read("employer:acme", "cv-1", 1, "workExperience", "language"),
        Read("employer:other", "cv-1", 2, "summary"),
        Read("employer:other", "cv-2", 8, "education"),
        Read("employer:acme", "cv-3", 30, "summary")); // outside the window

    [Fact]
    public async Task ForPage_AccessLogSelector_KeepsOnlyTheSelectorsParty_OneQueryPerCv()
    {
        var log = new Log(Read("employer:acme", "cv-1", 1, "workExperience", "language"), Read("employer:other", "cv-1", 2, "summary"));

        var seen = await new BreachSightings(log).ForPageAsync(Campaign(BreachSelectorKinds.AccessLog), [("nav", "cv-1", null), ("nav", "cv-1", null), ("nav", "cv-9", null)], default);

        Assert.Equal(["employer:acme"], seen[("nav", "cv-1")].Parties);
        Assert.Equal(["work-experience"], seen[("nav", "cv-1")].Categories);
        Assert.Empty(seen[("nav", "cv-9")].Parties);
        Assert.Equal(2, log.Queries);
    }

    [Fact]
    public async Task ForPage_ExposureSelector_KeepsOnlyReadsInsideTheExposureWindows()
    {
        var seen = await new BreachSightings(Reads).ForPageAsync(Campaign(BreachSelectorKinds.Exposure),
            [("nav", "cv-1", [(From.AddDays(2), From.AddDays(3))]), ("nav", "cv-2", [(From, From.AddDays(5))])], default);

        Assert.Equal(["employer:other"], seen[("nav", "cv-1")].Parties);
        Assert.Empty(seen[("nav", "cv-2")].Parties); // read after its exposure ended
    }

    [Fact]
    public async Task ForPage_UploadedList_EveryReadInTheWindow_PartiesSortedAndOnce()
    {
        var seen = await new BreachSightings(Reads).ForPageAsync(Campaign(BreachSelectorKinds.Citizens), [("nav", "cv-1", null), ("nav", "cv-3", null)], default);

        Assert.Equal(["employer:acme", "employer:other"], seen[("nav", "cv-1")].Parties);
        Assert.Equal(["cv-text", "work-experience"], seen[("nav", "cv-1")].Categories);
        Assert.Empty(seen[("nav", "cv-3")].Parties);
    }
}
