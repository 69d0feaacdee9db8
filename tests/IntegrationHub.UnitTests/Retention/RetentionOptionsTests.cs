using IntegrationHub.Core.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Retention;

/// <summary>"Hub:Retention" as the hosts bind it: defaults, per-jurisdiction overrides, and what refuses to start.</summary>
public sealed class RetentionOptionsTests
{
    private static RetentionOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        return services.BuildServiceProvider().GetRequiredService<IOptions<RetentionOptions>>().Value;
    }

    [Fact]
    public void Defaults_AreTheArguedPeriods_WithTheNetherlandsLongerHistory()
    {
        var options = Bind();

        Assert.Equal((24, 36, 60, 24), (options.AccessLogMonthsFor("NO"), options.VisibilityHistoryMonthsFor("DK"), options.VisibilityHistoryMonthsFor("NL"), options.AccessLogMonthsFor("NL")));
        Assert.Equal((90, 365, 50), (options.FeedChangesDays, options.BreachLedgerDaysAfterReport, options.BatchesPerTick));
        Assert.Equal(180, options.JobAdDaysAfterClosing);
        Assert.Equal((60, 24, 1000), (options.OrphanDocumentGraceMinutes, options.OrphanDocumentSweepHours, options.OrphanDocumentPageSize));
    }

    [Fact]
    public void JurisdictionOverride_FromEnvironmentStyleKeys_AppliesToThatJurisdictionOnly()
    {
        var options = Bind(("Hub:Retention:Jurisdictions:DK:AccessLogMonths", "19"), ("Hub:Retention:AccessLogMonths", "30"));

        Assert.Equal((19, 30, 30), (options.AccessLogMonthsFor("DK"), options.AccessLogMonthsFor("NO"), options.AccessLogMonthsFor(null)));
    }

    [Theory]
    [InlineData("Hub:Retention:Jurisdictions:dk:AccessLogMonths", "19", "Hub:Retention:Jurisdictions:dk: names no jurisdiction")]
    [InlineData("Hub:Retention:Jurisdictions:DK:AccessLogMonths", "1", "Hub:Retention:Jurisdictions:DK:AccessLogMonths: AccessLogMonths must be 2-120")]
    [InlineData("Hub:Retention:AccessLogMonths", "0", "Hub:Retention:AccessLogMonths must be 2-120")]
    [InlineData("Hub:Retention:BatchesPerTick", "0", "Hub:Retention:BatchesPerTick must be 1-10000")]
    [InlineData("Hub:Retention:JobAdDaysAfterClosing", "0", "Hub:Retention:JobAdDaysAfterClosing must be 1-3650")]
    [InlineData("Hub:Retention:OrphanDocumentGraceMinutes", "1", "Hub:Retention:OrphanDocumentGraceMinutes must be 5-10080")]
    [InlineData("Hub:Retention:OrphanDocumentSweepHours", "0", "Hub:Retention:OrphanDocumentSweepHours must be 1-720")]
    [InlineData("Hub:Retention:OrphanDocumentPageSize", "5001", "Hub:Retention:OrphanDocumentPageSize must be 1-5000")]
    public void InvalidSetting_RefusesToStart_NamingTheSettingAndRule(string key, string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind((key, value)));

        Assert.Contains(failure.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("202401", 24, "2026-01-31T23:59:59Z", false)]
    [InlineData("202401", 24, "2026-02-01T00:00:00Z", true)]
    [InlineData("202612", 1, "2027-01-31T00:00:00Z", false)]
    public void IsExpired_AMonthGoesWhenItsLastMomentIsThePeriodOld(string month, int months, string now, bool expired) =>
        Assert.Equal(expired, RetentionPeriods.IsExpired(month, months, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Between_ListsEveryMonthOfTheWindow_AcrossAYear()
    {
        var months = RetentionPeriods.Between(new DateTimeOffset(2025, 11, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(["202511", "202512", "202601", "202602"], months);
    }
}
