using IntegrationHub.Core.Visibility;

namespace IntegrationHub.UnitTests.Visibility;

/// <summary>
/// ADR 0045's mechanical test at the commit point: anything but the same CV, still found, shown the same way with at
/// least the same sections narrows; a decision that let nobody find the CV narrows nothing.
/// </summary>
public sealed class DecisionNarrowingTests
{
    private static VisibilityState State(string? cvId = "cv1", Audience audience = Audience.Employers, bool searchable = true,
        Presentation presentation = Presentation.Open, IReadOnlyList<string>? sections = null, string registry = "nav") => new()
    {
        Registry = registry,
        CitizenId = "c1",
        Cv = cvId is null ? null : new CvInForce(cvId, "open", null),
        Facts = new CitizenFacts { CvPresent = cvId is not null },
        Decision = new VisibilityDecision { Audience = audience, Presentation = presentation, Searchable = searchable, Reasons = [] },
        DecidedAt = DateTimeOffset.UnixEpoch,
        EmployerSections = sections,
    };

    public static TheoryData<string, VisibilityState> Narrower => new()
    {
        { "not searchable", State(searchable: false) },
        { "caseworkers only", State(audience: Audience.Caseworkers) },
        { "another CV", State(cvId: "cv2") },
        { "no CV", State(cvId: null, audience: Audience.Nobody) },
        { "anonymous", State(presentation: Presentation.Anonymous) },
        { "sections named", State(sections: ["jobsSought"]) },
    };

    [Theory]
    [MemberData(nameof(Narrower))]
    public void NarrowsForSearch_FromASearchableDecision_AnythingNarrowerNarrows(string what, VisibilityState next)
    {
        Assert.True(DecisionNarrowing.NarrowsForSearch(State(), next), what);
    }

    [Fact]
    public void NarrowsForSearch_SectionsDropOrPresentationOpens_Narrows()
    {
        Assert.True(DecisionNarrowing.NarrowsForSearch(State(sections: ["jobsSought", "languages"]), State(sections: ["jobsSought"])));
        // Open from anonymous shows more, but the rows change their presentation: any change counts.
        Assert.True(DecisionNarrowing.NarrowsForSearch(State(presentation: Presentation.Anonymous), State()));
    }

    [Fact]
    public void NarrowsForSearch_SameOrWiderSections_DoesNotNarrow()
    {
        Assert.False(DecisionNarrowing.NarrowsForSearch(State(), State()));
        Assert.False(DecisionNarrowing.NarrowsForSearch(State(sections: ["jobsSought"]), State(sections: ["jobsSought", "languages"])));
        Assert.False(DecisionNarrowing.NarrowsForSearch(State(sections: ["jobsSought"]), State()));
    }

    [Fact]
    public void NarrowsForSearch_NothingFoundBefore_DoesNotNarrow()
    {
        Assert.False(DecisionNarrowing.NarrowsForSearch(null, State()));
        Assert.False(DecisionNarrowing.NarrowsForSearch(State(searchable: false), State(cvId: null, audience: Audience.Nobody)));
        Assert.False(DecisionNarrowing.NarrowsForSearch(State(cvId: null, audience: Audience.Nobody), State()));
    }
}
