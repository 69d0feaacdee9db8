using IntegrationHub.Core.Visibility;
using static IntegrationHub.UnitTests.Visibility.VisibilityTestFacts;

namespace IntegrationHub.UnitTests.Visibility;

public sealed class VisibilityPolicyTests
{
    public static TheoryData<string> Jurisdictions() => new() { "NO", "DK", "NL" };

    // Rows every table holds (consent, GDPR art. 6(1)(a); protected address): the same facts give the same audience in
    // every jurisdiction. Norway-only rows (benefit, reduced capacity) are tested below, for Norway only.
    public static TheoryData<string, string, CitizenFacts, Audience, string[]> SharedRuleCases()
    {
        var cases = new (string Name, CitizenFacts Facts, Audience Audience, string[] Reasons)[]
        {
            ("all known and favourable", Visible(), Audience.Employers, ["visible"]),
            ("no cv", Visible() with { CvPresent = false }, Audience.Nobody, ["no-cv"]),
            ("no cv, protected", Visible() with { CvPresent = false, ProtectedAddress = true }, Audience.Nobody, ["no-cv"]),
            ("consent unknown", Visible() with { ConsentToEmployers = null }, Audience.Caseworkers, ["consent-missing"]),
            ("consent false", Visible() with { ConsentToEmployers = false }, Audience.Caseworkers, ["consent-withdrawn"]),
            ("protected address", Visible() with { ProtectedAddress = true }, Audience.CaseworkersWithClearance, ["protected-address"]),
            ("protected address unknown", Visible() with { ProtectedAddress = null }, Audience.Caseworkers, ["facts-unknown:protected-address"]),
            ("protected address and no consent",
                Visible() with { ProtectedAddress = true, ConsentToEmployers = false },
                Audience.CaseworkersWithClearance, ["consent-withdrawn", "protected-address"]),
        };
        var data = new TheoryData<string, string, CitizenFacts, Audience, string[]>();
        foreach (var jurisdiction in new[] { "NO", "DK", "NL" })
        {
            foreach (var c in cases)
            {
                data.Add(jurisdiction, c.Name, c.Facts, c.Audience, c.Reasons);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SharedRuleCases))]
    public void Decide_SharedRuleCase_GivesAudienceAndReasons(
        string jurisdiction, string name, CitizenFacts facts, Audience expectedAudience, string[] expectedReasons)
    {
        // Arrange
        var policy = VisibilityPolicies.For(jurisdiction);

        // Act
        var decision = policy.Decide(facts, Now);

        // Assert
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expectedAudience, decision.Audience);
        Assert.Equal(expectedReasons, decision.Reasons);
        // Searchable follows the audience alone: contact details are no condition anywhere (issue 14; no owner's rule).
        Assert.Equal(expectedAudience == Audience.Employers, decision.Searchable);
        Assert.Equal(expectedAudience == Audience.Employers ? LegalBasis.Consent : LegalBasis.None, decision.LegalBasis);
    }

    // Norway's own rows (NAV 2021: work-oriented benefit or follow-up; NAV on AAP: reduced capacity unless agreed and job-ready).
    public static TheoryData<string, CitizenFacts, Audience, string[]> NorwayRuleCases() => new()
    {
        { "work-oriented benefit", Visible() with { WorkOrientedBenefit = true }, Audience.Caseworkers, ["work-oriented-benefit"] },
        { "work-oriented benefit unknown", Visible() with { WorkOrientedBenefit = null }, Audience.Caseworkers, ["facts-unknown:work-oriented-benefit"] },
        { "reduced capacity unknown", Visible() with { ReducedWorkCapacityBenefit = null }, Audience.Caseworkers, ["facts-unknown:reduced-work-capacity-benefit"] },
        {
            "reduced capacity, agreed, job-ready",
            Visible() with { ReducedWorkCapacityBenefit = true, AgreedToShowDespiteReducedCapacity = true, JobReady = true },
            Audience.Employers, ["visible"]
        },
        {
            "reduced capacity, not agreed",
            Visible() with { ReducedWorkCapacityBenefit = true, AgreedToShowDespiteReducedCapacity = false, JobReady = true },
            Audience.Caseworkers, ["reduced-work-capacity-benefit"]
        },
        {
            "reduced capacity, not job-ready",
            Visible() with { ReducedWorkCapacityBenefit = true, AgreedToShowDespiteReducedCapacity = true, JobReady = false },
            Audience.Caseworkers, ["reduced-work-capacity-benefit"]
        },
        {
            "reduced capacity, agreement unknown",
            Visible() with { ReducedWorkCapacityBenefit = true, AgreedToShowDespiteReducedCapacity = null, JobReady = true },
            Audience.Caseworkers, ["facts-unknown:agreed-to-show-despite-reduced-capacity"]
        },
        {
            "reduced capacity, job-ready unknown",
            Visible() with { ReducedWorkCapacityBenefit = true, AgreedToShowDespiteReducedCapacity = true, JobReady = null },
            Audience.Caseworkers, ["facts-unknown:job-ready"]
        },
        {
            "no reduced capacity, agreement and job-ready irrelevant",
            Visible() with { ReducedWorkCapacityBenefit = false, AgreedToShowDespiteReducedCapacity = false, JobReady = false },
            Audience.Employers, ["visible"]
        },
        { "search duty is no Norwegian fact", Visible() with { ConsentToEmployers = null, SearchDuty = true }, Audience.Caseworkers, ["consent-missing"] },
    };

    [Theory]
    [MemberData(nameof(NorwayRuleCases))]
    public void NorwayDecide_RuleRow_GivesAudienceAndReasons(string name, CitizenFacts facts, Audience expectedAudience, string[] expectedReasons)
    {
        // Act
        var decision = new NorwayPolicy().Decide(facts, Now);

        // Assert
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expectedAudience, decision.Audience);
        Assert.Equal(expectedReasons, decision.Reasons);
    }

    [Fact]
    public void NorwayDecide_WorkOrientedBenefitWithEverythingElseFavourable_NeverEmployers()
    {
        // Arrange: consent, agreement and job-readiness cannot opt the citizen back in while the benefit lasts (NAV 2021).
        var facts = Visible() with
        {
            WorkOrientedBenefit = true,
            ReducedWorkCapacityBenefit = true,
            AgreedToShowDespiteReducedCapacity = true,
            JobReady = true,
        };

        // Act
        var decision = new NorwayPolicy().Decide(facts, Now);

        // Assert
        Assert.Equal(Audience.Caseworkers, decision.Audience);
        Assert.Equal((false, false), decision.EmployerView());
        Assert.Equal(["work-oriented-benefit"], decision.Reasons);
    }

    // Formerly "never employers" in every jurisdiction: Norway's rule carried abroad. Jobnet: dagpenge recipients must keep
    // a searchable CV; werk.nl: publication "regardless of their work or benefit situation" (docs/visibility-rules.md).
    [Theory]
    [InlineData("DK")]
    [InlineData("NL")]
    public void Decide_WorkOrientedBenefitOutsideNorway_StaysVisibleOnConsent(string jurisdiction)
    {
        // Arrange
        var facts = Visible() with
        {
            WorkOrientedBenefit = true,
            ReducedWorkCapacityBenefit = true,
            AgreedToShowDespiteReducedCapacity = false,
            JobReady = false,
        };

        // Act
        var decision = VisibilityPolicies.For(jurisdiction).Decide(facts, Now);

        // Assert
        Assert.Equal(Audience.Employers, decision.Audience);
        Assert.Equal((true, true), decision.EmployerView());
        Assert.Equal(LegalBasis.Consent, decision.LegalBasis);
    }

    [Theory]
    [InlineData("DK")]
    [InlineData("NL")]
    public void Decide_NorwayOnlyFactsUnknownOutsideNorway_DoNotHide(string jurisdiction)
    {
        // Arrange: a Danish or Dutch registry never states these Norwegian facts.
        var facts = Visible() with { WorkOrientedBenefit = null, ReducedWorkCapacityBenefit = null, AgreedToShowDespiteReducedCapacity = null, JobReady = null };

        // Act
        var decision = VisibilityPolicies.For(jurisdiction).Decide(facts, Now);

        // Assert
        Assert.Equal(Audience.Employers, decision.Audience);
        Assert.Equal(["visible"], decision.Reasons);
    }

    // Denmark (Jobnet): a target group with a search duty is shown without consent, basis public task (art. 6(1)(e)).
    public static TheoryData<string, CitizenFacts, Audience, LegalBasis, string[]> DenmarkSearchDutyCases() => new()
    {
        { "duty, no consent known", Visible() with { SearchDuty = true, ConsentToEmployers = null }, Audience.Employers, LegalBasis.PublicTask, ["visible"] },
        { "duty, consent withdrawn", Visible() with { SearchDuty = true, ConsentToEmployers = false }, Audience.Employers, LegalBasis.PublicTask, ["visible"] },
        { "duty and consent: the duty is the basis", Visible() with { SearchDuty = true }, Audience.Employers, LegalBasis.PublicTask, ["visible"] },
        { "duty ended, consent", Visible() with { SearchDuty = false }, Audience.Employers, LegalBasis.Consent, ["visible"] },
        { "duty ended, no consent", Visible() with { SearchDuty = false, ConsentToEmployers = null }, Audience.Caseworkers, LegalBasis.None, ["consent-missing"] },
        { "duty unknown, no consent", Visible() with { SearchDuty = null, ConsentToEmployers = false }, Audience.Caseworkers, LegalBasis.None, ["consent-withdrawn"] },
        {
            "duty, inactive 12 weeks",
            Visible() with { SearchDuty = true, ConsentToEmployers = null, LastCitizenActivityAt = Now.AddDays(-85) },
            Audience.Caseworkers, LegalBasis.None, ["inactive-12-weeks"]
        },
        {
            "duty, last activity unknown",
            Visible() with { SearchDuty = true, LastCitizenActivityAt = null },
            Audience.Caseworkers, LegalBasis.None, ["facts-unknown:last-citizen-activity"]
        },
        {
            "duty, protected address",
            Visible() with { SearchDuty = true, ProtectedAddress = true },
            Audience.CaseworkersWithClearance, LegalBasis.None, ["protected-address"]
        },
        {
            "duty, protected address unknown",
            Visible() with { SearchDuty = true, ProtectedAddress = null },
            Audience.Caseworkers, LegalBasis.None, ["facts-unknown:protected-address"]
        },
        {
            "duty and a work-oriented benefit (dagpenge)",
            Visible() with { SearchDuty = true, ConsentToEmployers = null, WorkOrientedBenefit = true },
            Audience.Employers, LegalBasis.PublicTask, ["visible"]
        },
    };

    [Theory]
    [MemberData(nameof(DenmarkSearchDutyCases))]
    public void DenmarkDecide_SearchDutyRow_GivesAudienceBasisAndReasons(
        string name, CitizenFacts facts, Audience expectedAudience, LegalBasis expectedBasis, string[] expectedReasons)
    {
        // Act
        var decision = new DenmarkPolicy().Decide(facts, Now);

        // Assert
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expectedAudience, decision.Audience);
        Assert.Equal(expectedBasis, decision.LegalBasis);
        Assert.Equal(expectedReasons, decision.Reasons);
    }

    [Theory]
    [InlineData("NL")]
    [InlineData("NO")]
    public void Decide_SearchDutyOutsideDenmark_GivesNoBasis(string jurisdiction)
    {
        // Act
        var decision = VisibilityPolicies.For(jurisdiction).Decide(Visible() with { SearchDuty = true, ConsentToEmployers = null }, Now);

        // Assert
        Assert.Equal(Audience.Caseworkers, decision.Audience);
        Assert.Equal(["consent-missing"], decision.Reasons);
    }

    [Theory]
    [InlineData("NO", null, Presentation.Anonymous)]
    [InlineData("NO", "anonymous", Presentation.Anonymous)]
    [InlineData("NO", "open", Presentation.Open)]
    [InlineData("DK", null, Presentation.Anonymous)]
    [InlineData("DK", "open", Presentation.Open)]
    [InlineData("NL", null, Presentation.Anonymous)]
    [InlineData("NL", "anonymous", Presentation.Anonymous)]
    [InlineData("NL", "open", Presentation.Open)]
    [InlineData("NL", "OPEN", Presentation.Open)]
    [InlineData("NL", "something-else", Presentation.Anonymous)]
    public void Decide_Publication_SetsPresentation(string jurisdiction, string? publication, Presentation expected)
    {
        // Arrange
        var facts = Visible() with { Publication = publication };

        // Act
        var decision = VisibilityPolicies.For(jurisdiction).Decide(facts, Now);

        // Assert
        Assert.Equal(expected, decision.Presentation);
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("open")]
    public void NetherlandsDecide_EitherPublication_IsFindable(string publication)
    {
        // Arrange
        var facts = Visible() with { Publication = publication };

        // Act
        var decision = new NetherlandsPolicy().Decide(facts, Now);

        // Assert
        Assert.Equal(Audience.Employers, decision.Audience);
        Assert.True(decision.Searchable);
    }

    [Theory]
    [InlineData("NO")]
    [InlineData("NL")]
    public void Decide_LongInactivityOutsideDenmark_StaysVisible(string jurisdiction)
    {
        // Arrange
        var facts = Visible() with { LastCitizenActivityAt = Now.AddYears(-3) };

        // Act
        var decision = VisibilityPolicies.For(jurisdiction).Decide(facts, Now);

        // Assert
        Assert.Equal(Audience.Employers, decision.Audience);
        Assert.True(decision.Searchable);
    }

    [Theory]
    [InlineData("NO")]
    [InlineData("NL")]
    public void Decide_UnknownLastActivityOutsideDenmark_StaysVisible(string jurisdiction)
    {
        // Arrange
        var facts = Visible() with { LastCitizenActivityAt = null };

        // Act
        var decision = VisibilityPolicies.For(jurisdiction).Decide(facts, Now);

        // Assert
        Assert.Equal(Audience.Employers, decision.Audience);
    }

    public static TheoryData<string, TimeSpan, Audience, string[]> DenmarkInactivityCases() => new()
    {
        { "just now", TimeSpan.Zero, Audience.Employers, ["visible"] },
        { "11 weeks", TimeSpan.FromDays(77), Audience.Employers, ["visible"] },
        { "12 weeks minus 1 s", TimeSpan.FromDays(84) - TimeSpan.FromSeconds(1), Audience.Employers, ["visible"] },
        { "exactly 12 weeks", TimeSpan.FromDays(84), Audience.Caseworkers, ["inactive-12-weeks"] },
        { "12 weeks plus 1 s", TimeSpan.FromDays(84) + TimeSpan.FromSeconds(1), Audience.Caseworkers, ["inactive-12-weeks"] },
        { "a year", TimeSpan.FromDays(365), Audience.Caseworkers, ["inactive-12-weeks"] },
        { "activity in the future (clock skew)", TimeSpan.FromMinutes(-5), Audience.Employers, ["visible"] },
    };

    [Theory]
    [MemberData(nameof(DenmarkInactivityCases))]
    public void DenmarkDecide_TimeSinceLastActivity_HidesFromTwelveWeeks(
        string name, TimeSpan sinceActivity, Audience expectedAudience, string[] expectedReasons)
    {
        // Arrange
        var facts = Visible() with { LastCitizenActivityAt = Now - sinceActivity };

        // Act
        var decision = new DenmarkPolicy().Decide(facts, Now);

        // Assert
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expectedAudience, decision.Audience);
        Assert.Equal(expectedAudience == Audience.Employers, decision.Searchable);
        Assert.Equal(expectedReasons, decision.Reasons);
    }

    [Fact]
    public void DenmarkDecide_UnknownLastActivity_HiddenWithUnknownFactReason()
    {
        // Arrange
        var facts = Visible() with { LastCitizenActivityAt = null };

        // Act
        var decision = new DenmarkPolicy().Decide(facts, Now);

        // Assert
        Assert.Equal(Audience.Caseworkers, decision.Audience);
        Assert.False(decision.Searchable);
        Assert.Equal(["facts-unknown:last-citizen-activity"], decision.Reasons);
    }

    [Fact]
    public void DenmarkDecide_InactiveAndProtected_ClearanceOnlyWithBothReasons()
    {
        // Arrange
        var facts = Visible() with { ProtectedAddress = true, LastCitizenActivityAt = Now.AddDays(-100) };

        // Act
        var decision = new DenmarkPolicy().Decide(facts, Now);

        // Assert
        Assert.Equal(Audience.CaseworkersWithClearance, decision.Audience);
        Assert.Equal(["protected-address", "inactive-12-weeks"], decision.Reasons);
    }

    [Theory]
    [InlineData("NO", typeof(NorwayPolicy))]
    [InlineData("DK", typeof(DenmarkPolicy))]
    [InlineData("NL", typeof(NetherlandsPolicy))]
    [InlineData("nl", typeof(NetherlandsPolicy))]
    public void For_KnownJurisdiction_ReturnsItsPolicy(string jurisdiction, Type expected)
    {
        // Act
        var policy = VisibilityPolicies.For(jurisdiction);

        // Assert
        Assert.IsType(expected, policy);
        Assert.Equal(jurisdiction.ToUpperInvariant(), policy.Jurisdiction);
    }

    [Theory]
    [InlineData("SE")]
    [InlineData("")]
    public void For_UnknownJurisdiction_ThrowsNamingIt(string jurisdiction)
    {
        // Act
        var ex = Assert.Throws<ArgumentException>(() => VisibilityPolicies.For(jurisdiction));

        // Assert
        Assert.Contains($"'{jurisdiction}'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("jurisdiction", ex.ParamName);
    }
}
