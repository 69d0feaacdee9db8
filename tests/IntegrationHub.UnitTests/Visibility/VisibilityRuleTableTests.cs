using System.Text.RegularExpressions;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.UnitTests.Visibility;

/// <summary>The rule tables are data: every row names its source, and docs/visibility-rules.md lists every row.</summary>
public sealed class VisibilityRuleTableTests
{
    public static TheoryData<string> Jurisdictions() => new() { "NO", "DK", "NL" };

    [Theory]
    [MemberData(nameof(Jurisdictions))]
    public void Rules_EveryRow_HasAUniqueIdASourceAndAReason(string jurisdiction)
    {
        // Act
        var rules = VisibilityPolicies.For(jurisdiction).Rules;

        // Assert
        Assert.NotEmpty(rules);
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(rules, r =>
        {
            Assert.Matches("^[a-z0-9-]+$", r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Source), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Reason), r.Id);
            Assert.NotEmpty(r.Reads);
            Assert.Equal(r.Effect == RuleEffect.Permit, r.Basis != LegalBasis.None);
        });
    }

    [Theory]
    [MemberData(nameof(Jurisdictions))]
    public void Docs_ListEveryRowOfTheJurisdictionsTable(string jurisdiction)
    {
        // Arrange
        var docs = File.ReadAllText(RepoPaths.Combine("docs", "visibility-rules.md"));
        var section = Regex.Match(docs, $@"^## .*\({jurisdiction}\)\s*$(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);

        // Act
        var missing = VisibilityPolicies.For(jurisdiction).Rules.Where(r => !section.Groups["body"].Value.Contains($"`{r.Id}`", StringComparison.Ordinal)).ToList();

        // Assert
        Assert.True(section.Success, $"docs/visibility-rules.md has no section for ({jurisdiction})");
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("DK")]
    [InlineData("NL")]
    public void Facts_OutsideNorway_NeedNoNorwegianFact(string jurisdiction)
    {
        // Act
        var facts = VisibilityPolicies.For(jurisdiction).Facts;

        // Assert
        Assert.DoesNotContain(CitizenFact.WorkOrientedBenefit, facts);
        Assert.DoesNotContain(CitizenFact.ReducedWorkCapacityBenefit, facts);
        Assert.DoesNotContain(CitizenFact.AgreedToShowDespiteReducedCapacity, facts);
        Assert.DoesNotContain(CitizenFact.JobReady, facts);
        Assert.Contains(CitizenFact.ConsentToEmployers, facts);
        Assert.Contains(CitizenFact.ProtectedAddress, facts);
    }

    [Fact]
    public void Facts_SearchDuty_OnlyDenmarksRulesRead()
    {
        // Act / Assert
        Assert.Contains(CitizenFact.SearchDuty, VisibilityPolicies.For("DK").Facts);
        Assert.DoesNotContain(CitizenFact.SearchDuty, VisibilityPolicies.For("NO").Facts);
        Assert.DoesNotContain(CitizenFact.SearchDuty, VisibilityPolicies.For("NL").Facts);
    }
}
