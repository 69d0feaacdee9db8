using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Visibility;

public sealed class ExposureQueryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CitizenEvent Event(string id, int day, string citizen, params (CitizenFact Fact, bool Value)[] facts) => new()
    {
        Id = id,
        Registry = "nav",
        CitizenId = citizen,
        Type = "t",
        Source = "s",
        Time = T0.AddDays(day),
        Facts = facts.ToDictionary(f => f.Fact, f => new FactValue(f.Value)),
    };

    private sealed class Index(params Exposure[] exposures) : IExposureIndex
    {
        public Task<ExposurePage> OverlappingAsync(string registry, DateTimeOffset from, DateTimeOffset to, string? continuation, int pageSize, CancellationToken cancellationToken)
        {
            var skip = continuation is null ? 0 : int.Parse(continuation, System.Globalization.CultureInfo.InvariantCulture);
            var overlapping = exposures.Where(e => e.From < to && (e.To ?? DateTimeOffset.MaxValue) > from).ToList();
            var page = overlapping.Skip(skip).Take(pageSize).ToList();
            var next = skip + page.Count < overlapping.Count ? (skip + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new ExposurePage(page, next));
        }
    }

    private sealed class Ledger(params CitizenEvent[] events) : ICitizenEventLedger
    {
        public Task<bool> AppendAsync(CitizenEvent citizenEvent, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CitizenEvent>> ReadAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CitizenEvent>>([.. events.Where(e => e.CitizenId == citizenId)]);
    }

    [Fact]
    public void HeldIntervals_AnyArrivalOrder_GiveTheSameStretches()
    {
        CitizenEvent[] events =
        [
            Event("a", 1, "c1", (CitizenFact.WorkOrientedBenefit, true)),
            Event("b", 5, "c1", (CitizenFact.WorkOrientedBenefit, false)),
            Event("c", 9, "c1", (CitizenFact.WorkOrientedBenefit, true)),
            Event("d", 3, "c1", (CitizenFact.ConsentToEmployers, true)),
        ];
        var expected = new List<(DateTimeOffset, DateTimeOffset?)> { (T0.AddDays(1), T0.AddDays(5)), (T0.AddDays(9), null) };

        foreach (var order in new[] { events, [.. events.Reverse()], [events[2], events[0], events[3], events[1]] })
        {
            Assert.Equal(expected, ExposureFacts.HeldIntervals(order, CitizenFact.WorkOrientedBenefit));
        }
    }

    [Fact]
    public void HeldIntervals_ConsentWithdrawn_HoldsWhileConsentIsFalse()
    {
        CitizenEvent[] events =
        [
            Event("a", 1, "c1", (CitizenFact.ConsentToEmployers, true)),
            Event("b", 4, "c1", (CitizenFact.ConsentToEmployers, false)),
            Event("c", 6, "c1", (CitizenFact.ConsentToEmployers, true)),
        ];

        Assert.Equal([(T0.AddDays(4), (DateTimeOffset?)T0.AddDays(6))], ExposureFacts.HeldIntervals(events, CitizenFact.ConsentToEmployers));
    }

    [Fact]
    public async Task FindAsync_WithAFact_KeepsOnlyCvsShownWhileItHeld_ClippedToTheWindow()
    {
        // Arrange: c1 shown days 2-8 while on a benefit from day 5 (learned late); c2 shown days 2-8 without a benefit.
        var index = new Index(
            new Exposure("nav", "c1", "cv1", T0.AddDays(2), T0.AddDays(8)),
            new Exposure("nav", "c2", "cv2", T0.AddDays(2), null));
        var ledger = new Ledger(Event("a", 5, "c1", (CitizenFact.WorkOrientedBenefit, true)), Event("b", 1, "c2", (CitizenFact.WorkOrientedBenefit, false)));
        var query = new ExposureQuery(index, ledger);

        // Act
        var (matches, next) = await query.FindAsync("nav", T0, T0.AddDays(7), CitizenFact.WorkOrientedBenefit, null, 100, CancellationToken.None);

        // Assert
        var match = Assert.Single(matches);
        Assert.Equal(("c1", "cv1"), (match.CitizenId, match.CvId));
        Assert.Equal([(T0.AddDays(5), T0.AddDays(7))], match.Windows);
        Assert.Null(next);
    }

    [Fact]
    public async Task FindAsync_Pages_AndWithoutAFactReturnsTheShownWindows()
    {
        var index = new Index(
            new Exposure("nav", "c1", "cv1", T0.AddDays(1), T0.AddDays(2)),
            new Exposure("nav", "c2", "cv2", T0.AddDays(3), null),
            new Exposure("nav", "c3", "cv3", T0.AddDays(4), T0.AddDays(6)));
        var query = new ExposureQuery(index, new Ledger());

        var (first, next) = await query.FindAsync("nav", T0, T0.AddDays(5), null, null, 2, CancellationToken.None);
        var (second, end) = await query.FindAsync("nav", T0, T0.AddDays(5), null, next, 2, CancellationToken.None);

        Assert.Equal(["cv1", "cv2"], first.Select(m => m.CvId));
        Assert.Equal(["cv3"], second.Select(m => m.CvId));
        Assert.Equal([(T0.AddDays(4), T0.AddDays(5))], second[0].Windows);
        Assert.Null(end);
    }
}
