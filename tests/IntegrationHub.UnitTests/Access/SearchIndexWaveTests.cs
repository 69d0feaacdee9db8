using IntegrationHub.Storage.Access;

namespace IntegrationHub.UnitTests.Access;

/// <summary>How many months the index reads at once after a month that left the page short.</summary>
public sealed class SearchIndexWaveTests
{
    [Theory]
    [InlineData(35, 5.0, 4)]    // a rare dimension: 5 rows a month, 35 still wanted -> 7 months needed, capped at 4
    [InlineData(20, 20.0, 1)]   // a dense one: the next month alone fills the page
    [InlineData(30, 12.0, 3)]   // in between: 30 / 12 -> 3 months
    [InlineData(40, 0.0, 4)]    // a month with nothing: no yield to go by, read the most
    [InlineData(1, 0.5, 4)]
    public void NextWave_ReadsAsManyMonthsAsTheYieldNeeds_OneToFour(int stillWanted, double rowsPerMonth, int expected)
    {
        Assert.Equal(expected, TableCvSearchIndex.NextWave(stillWanted, rowsPerMonth));
    }
}
