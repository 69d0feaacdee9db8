using IntegrationHub.Core.Access;

namespace IntegrationHub.UnitTests.Access;

public sealed class IncidentReadsPerHourTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 27, 8, 40, 0, TimeSpan.Zero);

    private static AccessLogEntry Read(DateTimeOffset at, string cv) => new(at, "client", "employer:acme", null, "nav", cv, "view", [], "req");

    [Fact]
    public void Buckets_ReadsInAWindow_CountPerUtcHourZeroFilled_WithDistinctCvs()
    {
        var entries = new[]
        {
            Read(From.AddMinutes(5), "a"), Read(From.AddMinutes(6), "a"), Read(From.AddMinutes(30), "b"), // 08:45, 08:46, 09:10
            Read(From.AddHours(3), "c"),                                                                 // 11:40
            Read(From.AddHours(-2), "x"), Read(From.AddHours(9), "y"),                                   // outside the window
        };

        var hours = IncidentReadsPerHour.Buckets(entries, From, From.AddHours(3).AddMinutes(10));

        Assert.Equal([8, 9, 10, 11], hours.Select(h => h.Hour.Hour));
        Assert.Equal([2, 1, 0, 1], hours.Select(h => h.Reads));
        Assert.Equal([1, 1, 0, 1], hours.Select(h => h.Cvs));
        Assert.All(hours, h => Assert.Equal(TimeSpan.Zero, h.Hour.Offset));
    }

    [Theory]
    [InlineData(14, 6, null)]
    [InlineData(14, 7, 70.0)]
    [InlineData(3, 3, 70.0)]
    [InlineData(14, 0, null)]
    public void DailyBaseline_TooLittleHistory_IsNoBaseline(int baselineDays, int daysOfHistory, double? expected)
    {
        var history = Enumerable.Range(1, daysOfHistory).Select(i => new DayTotal($"202611{i:D2}", 70)).ToList();

        Assert.Equal(expected, IncidentReadsPerHour.DailyBaseline(history, baselineDays));
    }
}
