using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>GDPR art. 34(2) with 33(3)(b)-(d): what every letter must be able to say, and the registries' DPO contact (ADR 0034).</summary>
public sealed class BreachLetterContentTests
{
    private const string Full = "It concerns {{categories}}. {{consequences}} {{measures}} Data protection officer: {{dpo}}.";

    private static Dictionary<string, BreachLetter> Letters(params (string Language, string Subject, string Body)[] letters) =>
        letters.ToDictionary(l => l.Language, l => new BreachLetter(l.Subject, l.Body), StringComparer.Ordinal);

    /// <summary>One consequences and one measures text (allowed while the letters are in one language).</summary>
    private static IReadOnlyList<FieldError> Check(string? consequences, string? measures, Dictionary<string, BreachLetter> letters) =>
        BreachLetterContent.Check(consequences, null, measures, null, letters);

    private static Dictionary<string, string> Texts(params (string Language, string Text)[] texts) =>
        texts.ToDictionary(t => t.Language, t => t.Text, StringComparer.Ordinal);

    [Fact]
    public void Check_EveryPlaceholderAndTextsInEachLetterLanguage_IsClean()
    {
        var letters = Letters(("en", "About your CV", Full), ("nb", "Om CV-en din", Full));

        Assert.Empty(BreachLetterContent.Check(
            null, Texts(("en", "Unwanted contact."), ("nb", "Uønsket kontakt.")), null, Texts(("nb", "Tilgangen er stengt."), ("en", "Access closed.")), letters));
    }

    [Fact]
    public void Check_OneTextForLettersInOneLanguage_IsClean()
    {
        Assert.Empty(Check("Unwanted contact.", "Access closed.", Letters(("da", "Om dit CV", Full))));
    }

    [Fact]
    public void Check_OneTextForLettersInTwoLanguages_NamesBothFieldsAndTheLanguages()
    {
        var errors = Check("Unwanted contact.", "Access closed.", Letters(("en", "s", Full), ("nb", "s", Full)));

        Assert.Equal(["/likelyConsequences", "/measuresTaken"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(BreachLetterContent.Rule, e.Rule));
        Assert.All(errors, e => Assert.Contains("(nb, en)", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_TextsPerLanguage_BlankMissingAndWithoutALetter_EachNamed()
    {
        var letters = Letters(("nb", "s", Full), ("en", "s", Full), ("nl", "s", Full));

        var errors = BreachLetterContent.Check(
            null, Texts(("nb", " "), ("en", "Unwanted contact."), ("nn", "Uønskt kontakt.")), null, Texts(("nb", "x"), ("en", "y"), ("nl", "z")), letters);

        // nb blank, nl missing, nn has no letter (a typo guard); the measures are complete.
        Assert.Equal(["/likelyConsequences/nb", "/likelyConsequences/nl", "/likelyConsequences/nn"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(BreachLetterContent.Rule, e.Rule));
        Assert.Contains("no letter in 'nn'", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_StoredCampaign_UsesItsTextsByTheSameRule()
    {
        var campaign = BreachLetterTests.Campaign() with
        {
            LikelyConsequences = null, MeasuresTaken = "Access closed.",
            LikelyConsequencesByLanguage = Texts(("en", "Unwanted contact.")),
        };

        Assert.Empty(BreachLetterContent.Check(campaign, Letters(("en", "s", Full))));
        Assert.Equal(["/likelyConsequences/nb", "/measuresTaken"], BreachLetterContent.Check(campaign, Letters(("en", "s", Full), ("nb", "s", Full))).Select(e => e.Field));
    }

    [Theory]
    [InlineData("{{categories}}", "{{categories}}")]
    [InlineData("{{dpo}}", "{{dpo}}")]
    [InlineData("{{consequences}}", "{{consequences}}")]
    [InlineData("{{measures}}", "{{measures}}")]
    public void Check_LetterWithoutOnePlaceholder_NamesItsBodyAndThePlaceholder(string removed, string named)
    {
        var errors = BreachLetterContent.Check(null, Texts(("en", "c"), ("da", "c")), null, Texts(("en", "m"), ("da", "m")),
            Letters(("en", "s", Full), ("da", "s", Full.Replace(removed, "", StringComparison.Ordinal))));

        var error = Assert.Single(errors);
        Assert.Equal(("/letters/da/body", BreachLetterContent.Rule), (error.Field, error.Rule));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExposedAliasAndPlaceholdersInTheSubject_Count()
    {
        var letters = Letters(("nl", "Uw cv ({{dpo}})", "Het gaat om {{exposed}}. {{consequences}} {{measures}}"));

        Assert.Empty(Check("c", "m", letters));
    }

    [Fact]
    public void Check_PlaceholderWrittenWrongly_DoesNotCount()
    {
        var errors = Check("c", "m", Letters(("en", "s", Full.Replace("{{dpo}}", "{{ dpo }}", StringComparison.Ordinal))));

        Assert.Contains("{{dpo}}", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "m", "/likelyConsequences")]
    [InlineData(" \t\n", "m", "/likelyConsequences")]
    [InlineData("c", null, "/measuresTaken")]
    [InlineData("c", "  ", "/measuresTaken")]
    public void Check_BlankConsequencesOrMeasures_NamesTheField(string? consequences, string? measures, string field)
    {
        var error = Assert.Single(Check(consequences, measures, Letters(("en", "s", Full))));

        Assert.Equal((field, BreachLetterContent.Rule), (error.Field, error.Rule));
    }

    [Fact]
    public void CheckRegistries_RegistryOfTheAudienceWithoutDpo_IsNamed_OthersAndEmptyOnesAreNot()
    {
        var options = new BreachDeliveryOptions
        {
            Registries = new(StringComparer.Ordinal)
            {
                ["nav"] = new RegistryDeliveryEndpoint { DpoContact = "personvernombud@nav.example" },
                ["jobnet"] = new RegistryDeliveryEndpoint { DeliveryUrl = null },
            },
        };
        var audience = new BreachAudienceSummary
        {
            RunId = "r",
            CompletedAt = DateTimeOffset.UnixEpoch,
            Citizens = 5,
            Records = 5,
            UnresolvedCvs = 0,
            ByRegistry = [new("nav", 2), new("jobnet", 2), new("werk", 1), new("uwv", 0)],
            ByLanguage = [],
            ByChannel = [],
            ByProtectedStatus = [],
        };

        var errors = BreachLetterContent.CheckRegistries(audience, options);

        Assert.Equal(["Hub:Breach:Registries:jobnet:DpoContact", "Hub:Breach:Registries:werk:DpoContact"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(BreachLetterContent.Rule, e.Rule));
    }
}
