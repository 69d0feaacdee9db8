using System.Text.Json.Nodes;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.UnitTests.Visibility;

public sealed class CvVisibilityChangedTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static VisibilityState State(string? cvId, Audience audience, bool searchable = true, Presentation presentation = Presentation.Open, params string[] reasons) => new()
    {
        Registry = "nav",
        CitizenId = "c1",
        Cv = cvId is null ? null : new CvInForce(cvId, "open", At),
        Decision = new VisibilityDecision { Audience = audience, Presentation = presentation, Searchable = searchable, Reasons = reasons },
        Facts = new CitizenFacts { CvPresent = cvId is not null },
        DecidedAt = At,
    };

    private static JsonObject Data(OutboundEvent e) => JsonNode.Parse(e.Data)!.AsObject();

    [Fact]
    public void Between_HiddenToVisible_EmitsOneEventKeyedByTheCv()
    {
        var events = CvVisibilityChanged.Between(State("cv1", Audience.Caseworkers), State("cv1", Audience.Employers));

        var e = Assert.Single(events);
        Assert.Equal(("cv1", OutboundTopics.CvVisibility, "cvs/cv1"), (e.SessionKey, e.Topic, e.Subject));
        Assert.True(Data(e)["visibleToEmployers"]!.GetValue<bool>());
        Assert.Equal("Open", Data(e)["presentation"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Audience.Caseworkers, Audience.CaseworkersWithClearance)]
    [InlineData(Audience.Nobody, Audience.Caseworkers)]
    [InlineData(Audience.CaseworkersWithClearance, Audience.Caseworkers)]
    public void Between_ChangesAmongHiddenAudiences_EmitNothing(Audience from, Audience to)
    {
        var events = CvVisibilityChanged.Between(State("cv1", from, reasons: "consent-missing"), State("cv1", to, reasons: "protected-address"));

        Assert.Empty(events);
    }

    [Fact]
    public void Between_VisibleToHiddenForAnyReason_LooksTheSame()
    {
        var visible = State("cv1", Audience.Employers);

        var byConsent = Data(Assert.Single(CvVisibilityChanged.Between(visible, State("cv1", Audience.Caseworkers, reasons: "consent-withdrawn"))));
        var byProtection = Data(Assert.Single(CvVisibilityChanged.Between(visible, State("cv1", Audience.CaseworkersWithClearance, reasons: "protected-address"))));

        Assert.Equal(byConsent.ToJsonString(), byProtection.ToJsonString());
        Assert.False(byConsent["visibleToEmployers"]!.GetValue<bool>());
        Assert.DoesNotContain("reason", byConsent.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Between_VisibleCvReplacedByANewVisibleCv_ClosesTheOldThenOpensTheNew()
    {
        var events = CvVisibilityChanged.Between(State("old", Audience.Employers), State("new", Audience.Employers));

        Assert.Equal(["old", "new"], events.Select(e => e.SessionKey));
        Assert.Equal([false, true], events.Select(e => Data(e)["visibleToEmployers"]!.GetValue<bool>()));
    }

    [Fact]
    public void Between_NewCvThatIsHidden_EmitsNothing_AndDeletedVisibleCvCloses()
    {
        Assert.Empty(CvVisibilityChanged.Between(null, State("cv1", Audience.Caseworkers)));

        var closed = Assert.Single(CvVisibilityChanged.Between(State("cv1", Audience.Employers), State(null, Audience.Nobody)));
        Assert.Equal("cv1", closed.SessionKey);
        Assert.False(Data(closed)["visibleToEmployers"]!.GetValue<bool>());
    }

    [Fact]
    public void Between_PresentationOrSearchabilityChange_Emits_AndSameViewEmitsNothing()
    {
        var open = State("cv1", Audience.Employers);

        Assert.Single(CvVisibilityChanged.Between(open, State("cv1", Audience.Employers, presentation: Presentation.Anonymous)));
        Assert.Single(CvVisibilityChanged.Between(open, State("cv1", Audience.Employers, searchable: false)));
        Assert.Empty(CvVisibilityChanged.Between(open, State("cv1", Audience.Employers, reasons: "visible")));
    }
}
