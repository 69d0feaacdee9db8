using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Visibility;

public sealed class VisibilityTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CvInForce Cv = new("cv1", Publication: "open", LastCitizenActivityAt: null);

    private static CitizenEvent Event(string id, int day, params (CitizenFact Fact, bool Value)[] facts) => new()
    {
        Id = id,
        Registry = "nav",
        CitizenId = "c1",
        Type = "t",
        Source = "s",
        Time = T0.AddDays(day),
        Facts = facts.ToDictionary(f => f.Fact, f => new FactValue(f.Value)),
    };

    private static CitizenEvent AllClear(string id, int day) => Event(id, day,
        (CitizenFact.ConsentToEmployers, true), (CitizenFact.WorkOrientedBenefit, false), (CitizenFact.ReducedWorkCapacityBenefit, false),
        (CitizenFact.AgreedToShowDespiteReducedCapacity, false), (CitizenFact.JobReady, true), (CitizenFact.ProtectedAddress, false));

    [Fact]
    public void Build_BenefitStartedAndEnded_GivesTheStretchWhenEmployersCouldNotSeeIt()
    {
        IReadOnlyList<CitizenEvent> events =
        [
            AllClear("a", 1),
            Event("b", 10, (CitizenFact.WorkOrientedBenefit, true)),
            Event("c", 20, (CitizenFact.WorkOrientedBenefit, false)),
        ];

        var timeline = VisibilityTimeline.Build(events, Cv, T0, VisibilityPolicies.For("NO"), T0.AddDays(30));

        Assert.Equal(
            [(T0, (DateTimeOffset?)T0.AddDays(1), Audience.Caseworkers), (T0.AddDays(1), T0.AddDays(10), Audience.Employers),
             (T0.AddDays(10), T0.AddDays(20), Audience.Caseworkers), (T0.AddDays(20), null, Audience.Employers)],
            timeline.Select(i => (i.From, i.To, i.Decision.Audience)));
    }

    [Fact]
    public void Build_LateEventFromThePast_CorrectsTheWorldTimeline_WhateverTheArrivalOrder()
    {
        var events = new List<CitizenEvent> { AllClear("a", 1), Event("late", 5, (CitizenFact.ProtectedAddress, true)) };

        var inOrder = VisibilityTimeline.Build(events, Cv, T0, VisibilityPolicies.For("NO"), T0.AddDays(30));
        events.Reverse();
        var reversed = VisibilityTimeline.Build(events, Cv, T0, VisibilityPolicies.For("NO"), T0.AddDays(30));

        Assert.Equal(Audience.CaseworkersWithClearance, inOrder[^1].Decision.Audience);
        Assert.Equal(T0.AddDays(5), inOrder[^1].From);
        Assert.Equal(inOrder.Select(i => (i.From, i.To, i.Decision.Audience)), reversed.Select(i => (i.From, i.To, i.Decision.Audience)));
    }

    [Fact]
    public void Build_Denmark_EndsEmployerVisibilityTwelveWeeksAfterTheLastLogin()
    {
        IReadOnlyList<CitizenEvent> events = [AllClear("a", 0), Event("login", 1, (CitizenFact.Activity, true))];

        var timeline = VisibilityTimeline.Build(events, Cv, T0, VisibilityPolicies.For("DK"), T0.AddDays(200));

        var visible = Assert.Single(timeline, i => i.Decision.Audience == Audience.Employers);
        Assert.Equal(T0.AddDays(1), visible.From);
        Assert.Equal(T0.AddDays(1) + InactivitySchedule.NonSearchableAfter, visible.To);
    }

    [Fact]
    public void Build_BeforeTheCvArrived_NobodyCouldSeeAnything()
    {
        IReadOnlyList<CitizenEvent> events = [AllClear("a", 1)];

        var timeline = VisibilityTimeline.Build(events, Cv, T0.AddDays(5), VisibilityPolicies.For("NO"), T0.AddDays(10));

        Assert.Equal([(T0.AddDays(1), Audience.Nobody), (T0.AddDays(5), Audience.Employers)], timeline.Select(i => (i.From, i.Decision.Audience)));
    }
}
