using IntegrationHub.Core.Visibility;

namespace IntegrationHub.UnitTests.Visibility;

public sealed class InactivityScheduleTests
{
    private static readonly DateTimeOffset Last = new(2025, 1, 10, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public void Due_NoKnownActivity_NothingDue()
    {
        // Act
        var due = InactivitySchedule.Due(null, Last.AddYears(5));

        // Assert
        Assert.Empty(due);
    }

    public static TheoryData<string, DateTimeOffset, InactivityAction[]> Cases()
    {
        var remind = Last.AddDays(70);
        var nonSearchable = Last.AddDays(84);
        var deletion = new DateTimeOffset(2026, 7, 25, 9, 30, 0, TimeSpan.Zero); // 2025-01-10 + 18 months + 15 days
        var warning = deletion.AddDays(-14);
        return new()
        {
            { "at the activity", Last, [] },
            { "before the reminder", remind - OneSecond, [] },
            { "at the reminder", remind, [InactivityAction.RemindAt10Weeks] },
            { "just before non-searchable", nonSearchable - OneSecond, [InactivityAction.RemindAt10Weeks] },
            { "at non-searchable", nonSearchable, [InactivityAction.RemindAt10Weeks, InactivityAction.NonSearchableAt12Weeks] },
            { "just after non-searchable", nonSearchable + OneSecond, [InactivityAction.RemindAt10Weeks, InactivityAction.NonSearchableAt12Weeks] },
            { "just before the warning", warning - OneSecond, [InactivityAction.RemindAt10Weeks, InactivityAction.NonSearchableAt12Weeks] },
            {
                "at the warning", warning,
                [InactivityAction.RemindAt10Weeks, InactivityAction.NonSearchableAt12Weeks, InactivityAction.DeletionWarning2WeeksBefore]
            },
            {
                "just before deletion", deletion - OneSecond,
                [InactivityAction.RemindAt10Weeks, InactivityAction.NonSearchableAt12Weeks, InactivityAction.DeletionWarning2WeeksBefore]
            },
            {
                "at deletion", deletion,
                [
                    InactivityAction.RemindAt10Weeks, InactivityAction.NonSearchableAt12Weeks,
                    InactivityAction.DeletionWarning2WeeksBefore, InactivityAction.DeleteAt18AndAHalfMonths,
                ]
            },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Due_TimeSinceActivity_ReturnsReachedActionsInOrder(string name, DateTimeOffset now, InactivityAction[] expected)
    {
        // Act
        var due = InactivitySchedule.Due(Last, now);

        // Assert
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, due);
    }

    [Fact]
    public void DeletionAt_EndOfMonth_AddsEighteenCalendarMonthsThenFifteenDays()
    {
        // Arrange: 31 August + 18 months clamps to 28 February, then 15 days.
        var last = new DateTimeOffset(2024, 8, 31, 0, 0, 0, TimeSpan.Zero);

        // Act
        var deletion = InactivitySchedule.DeletionAt(last);
        var warning = InactivitySchedule.DueAt(InactivityAction.DeletionWarning2WeeksBefore, last);

        // Assert
        Assert.Equal(new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero), deletion);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), warning);
    }

    [Fact]
    public void IsInactive_AgreesWithDenmarkPolicyAndSchedule_AtEveryBoundary()
    {
        // Arrange
        var policy = new DenmarkPolicy();
        var boundary = Last.AddDays(84);

        foreach (var now in new[] { boundary - OneSecond, boundary, boundary + OneSecond })
        {
            // Act
            var scheduleSaysHidden = InactivitySchedule.Due(Last, now).Contains(InactivityAction.NonSearchableAt12Weeks);
            var decision = policy.Decide(VisibilityTestFacts.Visible() with { LastCitizenActivityAt = Last }, now);

            // Assert
            Assert.Equal(scheduleSaysHidden, InactivitySchedule.IsInactive(Last, now));
            Assert.Equal(!scheduleSaysHidden, decision.Searchable);
        }
    }
}
