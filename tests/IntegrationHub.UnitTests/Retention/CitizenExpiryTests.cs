using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Retention;

namespace IntegrationHub.UnitTests.Retention;

/// <summary>The export's "expiry" per jurisdiction, from "Hub:Retention" (ADR 0029): the dates the purge and the erasure will act on.</summary>
public sealed class CitizenExpiryTests
{
    private static readonly DateTimeOffset LastActivity = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset IntervalEnd = new(2025, 6, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Read = new(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);

    private static readonly RetentionOptions Retention = new()
    {
        AccessLogMonths = 24,
        VisibilityHistoryMonths = 36,
        BreachLedgerDaysAfterReport = 365,
        Jurisdictions = new(StringComparer.Ordinal)
        {
            ["NL"] = new JurisdictionRetention { VisibilityHistoryMonths = 60 },
            ["DK"] = new JurisdictionRetention { AccessLogMonths = 19 },
        },
    };

    private static CitizenHoldings WithCv(params BreachCampaign[] letters) =>
        new(true, LastActivity, null, IntervalEnd, Read, [.. letters.Select(BreachLegalHolds.HoldOf)]);

    private static DateTimeOffset? At(IReadOnlyList<ExpiryEntry> entries, string data) => entries.Single(e => e.Data == data).ExpiresAt;

    private static DateTimeOffset Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Expiry_Norway_CvUntilDeleted_HistoryAndReadsByNorwaysPeriods()
    {
        var entries = CitizenExpiry.For("NO", Retention, WithCv());

        Assert.Null(At(entries, "cvs"));
        Assert.Null(At(entries, "events"));
        // June 2025's table goes 36 months after June's end; January 2026's reads 24 months after January's end.
        Assert.Equal(Utc(2028, 7, 1), At(entries, "visibility"));
        Assert.Equal(Utc(2028, 2, 1), At(entries, "reads"));
    }

    [Fact]
    public void Expiry_Denmark_CvAndEventsAt18AndAHalfMonths_ReadsByDenmarksOwnPeriod()
    {
        var entries = CitizenExpiry.For("DK", Retention, WithCv());

        Assert.Equal(LastActivity.AddMonths(18).AddDays(15), At(entries, "cvs"));
        Assert.Equal(LastActivity.AddMonths(18).AddDays(15), At(entries, "events"));
        Assert.Equal(Utc(2028, 7, 1), At(entries, "visibility"));
        Assert.Equal(Utc(2027, 9, 1), At(entries, "reads"));
    }

    [Fact]
    public void Expiry_Netherlands_HistoryFiveYears()
    {
        var entries = CitizenExpiry.For("NL", Retention, WithCv());

        Assert.Null(At(entries, "cvs"));
        Assert.Equal(Utc(2030, 7, 1), At(entries, "visibility"));
        Assert.Equal(Utc(2028, 2, 1), At(entries, "reads"));
    }

    [Theory]
    [InlineData("NO", 36)]
    [InlineData("DK", 36)]
    [InlineData("NL", 60)]
    public void Expiry_CvGone_EventsTheJurisdictionsHistoryPeriodAfter(string jurisdiction, int months)
    {
        var gone = Utc(2026, 2, 1);

        var entries = CitizenExpiry.For(jurisdiction, Retention, new CitizenHoldings(false, LastActivity, gone, null, null, []));

        Assert.Equal(gone.AddMonths(months), At(entries, "events"));
        Assert.Null(At(entries, "cvs"));
        Assert.Null(At(entries, "reads"));
    }

    [Fact]
    public void Expiry_Letters_HeldUntilReported_ThenTheLedgersDays()
    {
        var filed = Utc(2026, 11, 1);
        var reported = Campaign("c1", BreachStatus.Reported, [new BreachAction(BreachService.Actions.ReportFiled, "dpo", filed)]);
        var running = Campaign("c2", BreachStatus.Running, []);

        var letters = CitizenExpiry.For("NO", Retention, WithCv(reported, running)).Where(e => e.Data == "letters").ToList();

        Assert.Equal([filed.AddDays(365), null], letters.Select(l => l.ExpiresAt));
        Assert.Contains("c2", letters[1].Rule, StringComparison.Ordinal);
    }

    private static BreachCampaign Campaign(string id, string status, IReadOnlyList<BreachAction> audit) => new()
    {
        Id = id, Title = "t", Description = "d", DetectedAt = Utc(2026, 10, 1), WindowFrom = Utc(2026, 9, 1), WindowTo = Utc(2026, 10, 1),
        DataCategories = ["cv"], Selector = new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = "nav" },
        FallbackLanguage = "en", LetterLanguages = ["en"], ChannelPolicy = new BreachChannelPolicy { Channels = ["secure"] },
        Status = status, CreatedAt = Utc(2026, 10, 1), Audit = audit,
    };
}
